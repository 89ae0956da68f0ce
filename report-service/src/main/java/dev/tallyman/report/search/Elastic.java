package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
      String tooComplex = tooComplex(e);
      if (tooComplex != null) {
        // A caller's wildcard or location pattern whose automaton Lucene refuses to build.
        throw new InvalidQueryException("a pattern in the query is too complex: " + tooComplex);
      }
      throw e; // any other 4xx is a bug in the request we built: a 500, not the caller's fault
    } catch (IOException e) {
      throw new StoreUnavailableException("Elasticsearch is unreachable: " + e.getMessage(), e);
    }
  }

  /**
   * The reason when Elasticsearch refused a pattern as too complex to determinize or too long, else
   * null.
   */
  private static String tooComplex(ElasticsearchException e) {
    if (e.status() != 400 || e.error() == null) {
      return null;
    }
    List<ErrorCause> causes = new ArrayList<>(e.error().rootCause());
    causes.add(e.error());
    for (int i = 0; i < causes.size() && i < 32; i++) {
      ErrorCause c = causes.get(i);
      String reason = c.reason() == null ? "" : c.reason();
      if ("too_complex_to_determinize_exception".equals(c.type())
          || reason.toLowerCase(Locale.ROOT).contains("determiniz")
          || reason.contains("max_regex_length")) {
        return reason.length() > 200 ? reason.substring(0, 200) + "..." : reason;
      }
      if (c.causedBy() != null) {
        causes.add(c.causedBy());
      }
      causes.addAll(c.rootCause());
    }
    return null;
  }
}
