package dev.tallyman.report.search;

import io.micronaut.core.annotation.Nullable;
import java.util.Map;

/**
 * What the report-service knows about a digest: the indexing stage of the pipeline.
 *
 * @param stages per pipeline stage; only {@code indexing} is answered here (ingest, analysis and
 *     matching run in other services and are not visible from this index)
 */
public record ScanStatus(String digest, Map<String, Stage> stages) {
  public record Stage(
      String status,
      @Nullable String reportId,
      @Nullable String firstAnalyzed,
      @Nullable String lastAnalyzed,
      @Nullable String repository,
      @Nullable String platform,
      long packages,
      long activeFindings,
      Map<String, Long> severities) {}
}
