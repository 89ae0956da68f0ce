package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tallyman.report.index.DocumentIds;
import dev.tallyman.report.index.IndexLayout;
import java.util.Map;
import java.util.Optional;

/** Runs findings searches against the alias. */
public final class FindingsSearch {
  private final ElasticsearchClient client;
  private final IndexLayout layout;

  public FindingsSearch(ElasticsearchClient client, IndexLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  public FindingsPage search(FindingsQuery q) {
    SearchResponse<Map> response =
        Elastic.call(() -> client.search(SearchRequests.build(q, layout.alias()), Map.class));
    long total = response.hits().total() == null ? 0 : response.hits().total().value();
    return new FindingsPage(
        total,
        q.page(),
        q.size(),
        response.hits().hits().stream()
            .filter(h -> h.source() != null)
            .map((Hit<Map> h) -> FindingView.fromSource(h.id(), (Map<String, ?>) h.source()))
            .toList());
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  public Optional<FindingView> get(String id) {
    if (!DocumentIds.isValid(id)) {
      throw new InvalidQueryException("id must be 64 lower-case hex digits");
    }
    GetResponse<Map> r =
        Elastic.call(() -> client.get(g -> g.index(layout.alias()).id(id), Map.class));
    return r.found() && r.source() != null
        ? Optional.of(FindingView.fromSource(id, (Map<String, ?>) r.source()))
        : Optional.empty();
  }
}
