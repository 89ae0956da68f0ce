package dev.tallyman.report.search;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * The findings a digest had at an instant, from the history index.
 *
 * @param affected whether at least one finding was active then
 */
public record AffectedAt(
    String digest,
    String at,
    @Nullable String vulnerability,
    boolean affected,
    List<Entry> findings) {
  public record Entry(
      String id,
      String vulnerability,
      List<String> aliases,
      @Nullable String severity,
      @Nullable String packageName,
      @Nullable String packageVersion,
      @Nullable String purl,
      String status,
      String since) {}
}
