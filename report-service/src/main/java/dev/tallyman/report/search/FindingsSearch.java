package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.index.DocumentIds;
import dev.tallyman.report.index.IndexLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs findings searches against the alias. */
public final class FindingsSearch {
  /** How long a point in time stays open between two pages. */
  static final String KEEP_ALIVE = "2m";

  private final ElasticsearchClient client;
  private final IndexLayout layout;

  public FindingsSearch(ElasticsearchClient client, IndexLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  public FindingsPage search(FindingsQuery q, Principal who) {
    return q.cursor() == null ? byPage(q, who) : onPointInTime(q, who);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private FindingsPage byPage(FindingsQuery q, Principal who) {
    SearchResponse<Map> response =
        Elastic.call(() -> client.search(SearchRequests.build(q, layout.alias(), who), Map.class));
    long total = response.hits().total() == null ? 0 : response.hits().total().value();
    return new FindingsPage(total, q.page(), q.size(), views(response, who));
  }

  /**
   * search_after on a point in time: every page sees the index as it was when the first page was
   * asked for, so documents indexed (or updated) meanwhile neither appear nor shift the pages.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private FindingsPage onPointInTime(FindingsQuery q, Principal who) {
    Cursor cursor;
    if (Cursor.START.equals(q.cursor())) {
      String pit =
          Elastic.call(
                  () ->
                      client.openPointInTime(
                          o -> o.index(layout.alias()).keepAlive(k -> k.time(KEEP_ALIVE))))
              .id();
      cursor = new Cursor(pit, List.of());
    } else {
      cursor = Cursor.decode(q.cursor());
    }
    final Cursor c = cursor;
    SearchRequest request =
        SearchRequest.of(
            s -> {
              s.pit(p -> p.id(c.pitId()).keepAlive(k -> k.time(KEEP_ALIVE)))
                  .query(SearchRequests.filter(q, who))
                  .size(q.size())
                  .trackTotalHits(t -> t.enabled(true))
                  .sort(SearchRequests.order(q));
              if (!c.after().isEmpty()) {
                s.searchAfter(c.after());
              }
              return s;
            });
    SearchResponse<Map> response;
    try {
      response = Elastic.call(() -> client.search(request, Map.class));
    } catch (ElasticsearchException e) {
      if (e.status() == 404 || e.status() == 400) {
        // search_context_missing (expired) or an id Elasticsearch cannot parse
        throw new InvalidQueryException("cursor expired or unknown; start again with cursor=*");
      }
      throw e;
    }
    long total = response.hits().total() == null ? 0 : response.hits().total().value();
    var hits = response.hits().hits();
    String pit = response.pitId() == null ? c.pitId() : response.pitId();
    String next = null;
    if (hits.size() == q.size()) {
      next = new Cursor(pit, hits.get(hits.size() - 1).sort()).encode();
    } else {
      // last page: free the point in time now instead of when it expires
      try {
        client.closePointInTime(x -> x.id(pit));
      } catch (Exception ignored) {
        // it expires by itself
      }
    }
    return new FindingsPage(total, 0, q.size(), views(response, who), next);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static List<FindingView> views(SearchResponse<Map> response, Principal who) {
    return response.hits().hits().stream()
        .filter(h -> h.source() != null)
        .map((Hit<Map> h) -> FindingView.fromSource(h.id(), (Map<String, ?>) h.source()))
        .map(v -> v.visibleTo(who))
        .toList();
  }

  /** A finding by id (also a fixed one), only within the caller's tenants. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Optional<FindingView> get(String id, Principal who) {
    if (!DocumentIds.isValid(id)) {
      throw new InvalidQueryException("id must be 64 lower-case hex digits");
    }
    var query =
        Visibility.restrict(
            co.elastic.clients.elasticsearch._types.query_dsl.Query.of(
                x -> x.ids(i -> i.values(id))),
            who,
            false);
    SearchResponse<Map> r =
        Elastic.call(
            () -> client.search(s -> s.index(layout.alias()).query(query).size(1), Map.class));
    return views(r, who).stream().findFirst();
  }
}
