package dev.tallyman.report.index;

import java.util.Map;

/**
 * One bulk operation: a whole document ({@code partial == false}, replaces) or a partial {@code
 * doc} update of an existing one, or a delete by id. No scripts on this cluster, so these three are
 * all there is.
 */
public record Write(String alias, String id, Map<String, Object> source, boolean partial) {
  public static Write index(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, false);
  }

  /** Deletes the document (a missing one is not an error). */
  public static Write delete(String alias, String id) {
    return new Write(alias, id, null, false);
  }

  public boolean isDelete() {
    return source == null;
  }

  public static Write patch(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, true);
  }
}
