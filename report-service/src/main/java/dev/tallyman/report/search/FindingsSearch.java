package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tallyman.report.index.DocumentIds;
import dev.tallyman.report.index.IndexLayout;
import java.io.IOException;
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
        call(() -> client.search(SearchRequests.build(q, layout.alias()), Map.class));
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
    GetResponse<Map> r = call(() -> client.get(g -> g.index(layout.alias()).id(id), Map.class));
    return r.found() && r.source() != null
        ? Optional.of(FindingView.fromSource(id, (Map<String, ?>) r.source()))
        : Optional.empty();
  }

  private interface Call<T> {
    T run() throws IOException;
  }

  private static <T> T call(Call<T> c) {
    try {
      return c.run();
    } catch (ElasticsearchException e) {
      String type = e.error() == null ? null : e.error().type();
      if ("index_not_found_exception".equals(type)) {
        throw new StoreUnavailableException("the findings index does not exist yet", e);
      }
      if (e.status() == 429 || e.status() >= 500) {
        throw new StoreUnavailableException("Elasticsearch is not answering: " + e.getMessage(), e);
      }
      throw e; // a 4xx here is a bug in the request we built: a 500, not the caller's fault
    } catch (IOException e) {
      throw new StoreUnavailableException("Elasticsearch is unreachable: " + e.getMessage(), e);
    }
  }
}
