package dev.tallyman.report.index;

import java.util.Map;

/**
 * One bulk operation: a whole document ({@code partial == false}, replaces; with {@code create},
 * only if no document has that id yet), a partial {@code doc} update of an existing one, or a
 * delete by id. No scripts on this cluster, so these are all there is.
 */
public record Write(
    String alias, String id, Map<String, Object> source, boolean partial, boolean create) {
  public Write(String alias, String id, Map<String, Object> source, boolean partial) {
    this(alias, id, source, partial, false);
  }

  public static Write index(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, false);
  }

  /**
   * Writes the document only if none exists: two consumers that both saw "no document" cannot
   * overwrite each other; the loser gets a 409, which is retried (and then sees the winner's).
   */
  public static Write create(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, false, true);
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
