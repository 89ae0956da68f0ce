package dev.tallyman.report.search;

import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.index.FindingDocument;
import dev.tallyman.report.index.FindingDocuments;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingViewTest {
  @Test
  void projectsAStoredDocument() throws Exception {
    Package p = pkg("zlib1g", "1:1.2.13");
    String digest = digest("img");
    FindingDocument d =
        FindingDocuments.of(
                report(digest, "reg:5000", "team/app", "v1")
                    .addFindings(
                        finding("CVE-2023-45853", Severity.SEVERITY_CRITICAL, 9.8, "", p, "GHSA-1"))
                    .build(),
                Instant.EPOCH)
            .get(0);

    FindingView v = FindingView.fromSource(d.id(), d.source());

    assertThat(v.id()).isEqualTo(d.id());
    assertThat(v.vulnerability().id()).isEqualTo("CVE-2023-45853");
    assertThat(v.vulnerability().aliases()).containsExactly("GHSA-1");
    assertThat(v.vulnerability().severity()).isEqualTo("critical");
    assertThat(v.vulnerability().score()).isEqualTo(9.8);
    assertThat(v.vulnerability().fixedVersion()).isNull();
    assertThat(v.pkg().name()).isEqualTo("zlib1g");
    assertThat(v.pkg().version()).isEqualTo("1:1.2.13");
    assertThat(v.pkg().type()).isEqualTo("Debian");
    assertThat(v.pkg().purl()).isEqualTo(p.getPurl());
    assertThat(v.image().digest()).isEqualTo(digest);
    assertThat(v.image().registry()).isEqualTo("reg:5000");
    assertThat(v.image().repository()).isEqualTo("team/app");
    assertThat(v.image().tags()).containsExactly("v1");
    assertThat(v.image().platform()).isEqualTo("linux/amd64");
    assertThat(v.layer().diffId()).isEqualTo(p.getLayerDiffId());
    assertThat(v.layer().createdBy()).isEqualTo(p.getLayerCreatedBy());
  }

  @Test
  void toleratesSparseDocuments() {
    FindingView v =
        FindingView.fromSource(
            "x", Map.of("vulnerability", Map.of("id", "CVE-1", "score", Map.of("base", "bad"))));
    assertThat(v.vulnerability().id()).isEqualTo("CVE-1");
    assertThat(v.vulnerability().score()).isNull();
    assertThat(v.image().tags()).isEqualTo(List.of());
    assertThat(v.image().digest()).isNull();
  }
}
