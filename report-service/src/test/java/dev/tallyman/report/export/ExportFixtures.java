package dev.tallyman.report.export;

import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;

import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.search.FindingView;
import dev.tallyman.report.search.ImageFindings;
import java.time.Instant;
import java.util.List;

/** Findings of one image built through the real document mapping. */
final class ExportFixtures {
  static final String DIGEST = digest("export");
  static final Package OPENSSL = pkg("openssl", "3.0.11");
  static final Package EVIL = pkg("=HYPERLINK(\"http://x\",\"y\")", "-1+2");

  private ExportFixtures() {}

  static List<FindingView> views(FindingsReport report) throws Exception {
    return FindingDocuments.of(report, Instant.EPOCH).stream()
        .map(d -> FindingView.fromSource(d.id(), d.source()))
        .toList();
  }

  static ImageFindings sample() throws Exception {
    FindingsReport r =
        report(DIGEST, "reg:5000", "team/app", "v1")
            .addFindings(
                finding("CVE-2024-1", Severity.SEVERITY_HIGH, 7.5, "3.0.13", OPENSSL, "DSA-1"))
            .addFindings(finding("CVE-2024-1", Severity.SEVERITY_HIGH, 8.8, "", EVIL))
            .addFindings(finding("CVE-2024-2", Severity.SEVERITY_MEDIUM, 0, "", OPENSSL))
            .build();
    return new ImageFindings(DIGEST, 3, views(r));
  }
}
