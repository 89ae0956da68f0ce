package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;

/**
 * Runs one Elasticsearch call and maps "cannot answer now" to {@link StoreUnavailableException}.
 */
final class Elastic {
  private Elastic() {}

  interface Call<T> {
    T run() throws IOException;
  }

  static <T> T call(Call<T> c) {
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
