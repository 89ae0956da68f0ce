package dev.tallyman.report.lifecycle;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The order of reports for one digest: generated later is newer; equal times are broken by report
 * id so that the order is total and the same on every replay (arrival order is not).
 */
public record ReportVersion(Instant generatedAt, String reportId)
    implements Comparable<ReportVersion> {
  private static final Comparator<ReportVersion> ORDER =
      Comparator.comparing(ReportVersion::generatedAt).thenComparing(ReportVersion::reportId);

  public ReportVersion {
    Objects.requireNonNull(generatedAt);
    Objects.requireNonNull(reportId);
  }

  @Override
  public int compareTo(ReportVersion o) {
    return ORDER.compare(this, o);
  }

  public boolean olderThan(ReportVersion o) {
    return o != null && compareTo(o) < 0;
  }
}
