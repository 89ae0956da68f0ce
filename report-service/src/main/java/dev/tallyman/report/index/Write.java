package dev.tallyman.report.index;

import java.util.Map;

/**
 * One bulk operation: a whole document ({@code partial == false}, replaces) or a partial {@code
 * doc} update of an existing one. No scripts on this cluster, so these two are all there is.
 */
public record Write(String alias, String id, Map<String, Object> source, boolean partial) {
  public static Write index(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, false);
  }

  public static Write patch(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, true);
  }
}
