package dev.tallyman.report.index;

import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.proto.v1.Finding;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingDocumentsTest {
  private static final Instant FALLBACK = Instant.parse("2024-01-02T03:04:05Z");
  private final String digest = digest("image-1");

  @Test
  void mapsAFindingToEcsFields() throws Exception {
    Package openssl = pkg("openssl", "3.0.11-1");
    FindingsReport r =
        report(digest, "registry.local:5000", "library/debian", "12")
            .addFindings(
                finding(
                    "CVE-2024-0727",
                    Severity.SEVERITY_HIGH,
                    7.5,
                    "3.0.13-1",
                    openssl,
                    "DSA-5621-1"))
            .build();

    List<FindingDocument> docs = FindingDocuments.of(r, FALLBACK);

    assertThat(docs).hasSize(1);
    Map<String, Object> d = docs.get(0).source();
    assertThat(get(d, "vulnerability.id")).isEqualTo("CVE-2024-0727");
    assertThat(get(d, "vulnerability.severity")).isEqualTo("high");
    assertThat(get(d, "vulnerability.score.base")).isEqualTo(7.5);
    assertThat(get(d, "vulnerability.score.version")).isEqualTo("3.1");
    assertThat(get(d, "vulnerability.classification")).isEqualTo("CVSS");
    assertThat(get(d, "vulnerability.enumeration")).isEqualTo("CVE");
    assertThat(get(d, "vulnerability.description")).isEqualTo("summary of CVE-2024-0727");
    assertThat(get(d, "package.name")).isEqualTo("openssl");
    assertThat(get(d, "package.version")).isEqualTo("3.0.11-1");
    assertThat(get(d, "package.type")).isEqualTo("Debian");
    assertThat(get(d, "package.path")).isEqualTo("var/lib/dpkg/status");
    assertThat(get(d, "tallyman.package.purl")).isEqualTo(openssl.getPurl());
    assertThat(get(d, "container.image.hash.all")).isEqualTo(List.of(digest));
    assertThat(get(d, "container.image.name"))
        .isEqualTo(List.of("registry.local:5000/library/debian"));
    assertThat(get(d, "container.image.tag")).isEqualTo(List.of("12"));
    assertThat(get(d, "tallyman.image.registry")).isEqualTo(List.of("registry.local:5000"));
    assertThat(get(d, "tallyman.image.repository")).isEqualTo(List.of("library/debian"));
    assertThat(get(d, "tallyman.image.locations"))
        .isEqualTo(List.of("registry.local:5000|library/debian|12"));
    assertThat(get(d, "tallyman.image.platform")).isEqualTo("linux/amd64");
    assertThat(get(d, "tallyman.vulnerability.aliases")).isEqualTo(List.of("DSA-5621-1"));
    assertThat(get(d, "tallyman.vulnerability.fixed_version")).isEqualTo("3.0.13-1");
    assertThat(get(d, "tallyman.vulnerability.fixable")).isEqualTo(true);
    assertThat(get(d, "tallyman.vulnerability.severity_rank")).isEqualTo(4);
    assertThat(get(d, "tallyman.layer.diff_id")).isEqualTo(openssl.getLayerDiffId());
    assertThat(get(d, "tallyman.layer.created_by")).isEqualTo(openssl.getLayerCreatedBy());
    assertThat(get(d, "tallyman.os.id")).isEqualTo("debian");
    assertThat(get(d, "tallyman.report.id")).isEqualTo(r.getReportId());
    assertThat(get(d, "tallyman.report.generated_at")).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(get(d, "@timestamp")).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(get(d, "tallyman.finding.id")).isEqualTo(docs.get(0).id());
    assertThat(docs.get(0).id())
        .isEqualTo(
            DocumentIds.of(digest, "CVE-2024-0727", openssl.getPurl(), "var/lib/dpkg/status"));
  }

  @Test
  void unfixedAndUnscoredFindingsLeaveThoseFieldsOut() throws Exception {
    FindingsReport r =
        report(digest, "", "app", "")
            .clearGeneratedAt()
            .addFindings(
                finding("GHSA-xxxx-yyyy-zzzz", Severity.SEVERITY_UNKNOWN, 0, "", pkg("a", "1")))
            .build();

    Map<String, Object> d = FindingDocuments.of(r, FALLBACK).get(0).source();

    assertThat(get(d, "tallyman.vulnerability.fixable")).isEqualTo(false);
    assertThat(get(d, "tallyman.vulnerability.fixed_version")).isNull();
    assertThat(get(d, "vulnerability.score")).isNull();
    assertThat(get(d, "vulnerability.classification")).isNull();
    assertThat(get(d, "vulnerability.severity")).isEqualTo("unknown");
    assertThat(get(d, "vulnerability.enumeration")).isEqualTo("GHSA");
    assertThat(get(d, "container.image.tag")).isEqualTo(List.of());
    assertThat(get(d, "container.image.name")).isEqualTo(List.of("app"));
    assertThat(get(d, "tallyman.image.registry")).isEqualTo(List.of());
    assertThat(get(d, "@timestamp")).isEqualTo(FALLBACK.toString());
  }

  @Test
  void everyLocationOfTheReportIsIndexed() throws Exception {
    String digest = digest("locations");
    FindingsReport r =
        report(digest, "r1:5000", "payments/api", "1.0")
            .addLocations(
                dev.tallyman.proto.v1.ImageLocation.newBuilder()
                    .setRegistry("r1:5000")
                    .setRepository("payments/api")
                    .setTag("1.0"))
            .addLocations(
                dev.tallyman.proto.v1.ImageLocation.newBuilder()
                    .setRegistry("r2")
                    .setRepository("shop/web")
                    .setTag("latest"))
            .addLocations(
                dev.tallyman.proto.v1.ImageLocation.newBuilder()
                    .setRegistry("r2")
                    .setRepository("bad|repo"))
            .addFindings(finding("CVE-1", Severity.SEVERITY_LOW, 1, "", pkg("bash", "5")))
            .build();
    Map<String, Object> d = FindingDocuments.of(r, FALLBACK).get(0).source();
    assertThat(get(d, "tallyman.image.locations"))
        .isEqualTo(List.of("r1:5000|payments/api|1.0", "r2|shop/web|latest"));
    assertThat(get(d, "tallyman.image.registry")).isEqualTo(List.of("r1:5000", "r2"));
    assertThat(get(d, "tallyman.image.repository")).isEqualTo(List.of("payments/api", "shop/web"));
    assertThat(get(d, "container.image.name"))
        .isEqualTo(List.of("r1:5000/payments/api", "r2/shop/web"));
    assertThat(get(d, "container.image.tag")).isEqualTo(List.of("1.0", "latest"));
  }

  @Test
  void kevEpssAndCwesAreIndexed() throws Exception {
    String digest = digest("kev");
    FindingsReport r =
        report(digest, "r", "x", "t")
            .addFindings(
                finding("CVE-1", Severity.SEVERITY_HIGH, 7, "", pkg("bash", "5")).toBuilder()
                    .setKev(true)
                    .setEpssScore(0.97)
                    .setEpssPercentile(0.999)
                    .addCwes("CWE-79")
                    .addCwes("787")
                    .addCwes("CWE-79")
                    .addCwes("NVD-CWE-noinfo"))
            .addFindings(finding("CVE-2", Severity.SEVERITY_LOW, 1, "", pkg("zlib", "1")))
            .build();
    List<FindingDocument> docs = FindingDocuments.of(r, FALLBACK);
    Map<String, Object> d = docs.get(0).source();
    assertThat(get(d, "tallyman.vulnerability.kev")).isEqualTo(true);
    assertThat(get(d, "tallyman.vulnerability.epss")).isEqualTo(0.97);
    assertThat(get(d, "tallyman.vulnerability.epss_percentile")).isEqualTo(0.999);
    assertThat(get(d, "tallyman.vulnerability.cwes")).isEqualTo(List.of("CWE-79", "CWE-787"));
    Map<String, Object> plain = docs.get(1).source();
    assertThat(get(plain, "tallyman.vulnerability.kev")).isEqualTo(false);
    assertThat(get(plain, "tallyman.vulnerability.epss")).isNull();
    assertThat(get(plain, "tallyman.vulnerability.cwes")).isNull();

    FindingsReport bad =
        report(digest, "r", "x", "t")
            .addFindings(
                finding("CVE-1", Severity.SEVERITY_HIGH, 7, "", pkg("bash", "5")).toBuilder()
                    .setEpssScore(1.5))
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FindingDocuments.of(bad, FALLBACK))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("EPSS");
  }

  @Test
  void aliasesDropTheIdItselfAndDuplicates() throws Exception {
    FindingsReport r =
        report(digest, "r", "x", "t")
            .addFindings(
                finding(
                    "CVE-1",
                    Severity.SEVERITY_LOW,
                    2,
                    "",
                    pkg("a", "1"),
                    "CVE-1",
                    "DSA-1",
                    "DSA-1",
                    ""))
            .build();

    assertThat(
            get(FindingDocuments.of(r, FALLBACK).get(0).source(), "tallyman.vulnerability.aliases"))
        .isEqualTo(List.of("DSA-1"));
  }

  @Test
  void longDescriptionsAreClipped() throws Exception {
    Finding f =
        finding("CVE-1", Severity.SEVERITY_LOW, 2, "", pkg("a", "1")).toBuilder()
            .setSummary("x".repeat(100_000))
            .build();
    FindingsReport r = report(digest, "r", "x", "t").addFindings(f).build();

    assertThat(
            (String)
                get(FindingDocuments.of(r, FALLBACK).get(0).source(), "vulnerability.description"))
        .hasSize(FindingDocuments.MAX_DESCRIPTION_CHARS);
  }

  @Test
  void samePackageInTwoPathsGivesTwoDocuments() throws Exception {
    Package jar = pkg("log4j", "2.14.1");
    FindingsReport r =
        report(digest, "r", "x", "t")
            .addFindings(
                finding(
                    "CVE-2021-44228",
                    Severity.SEVERITY_CRITICAL,
                    10,
                    "2.15.0",
                    jar.toBuilder().setPath("app/a.jar").build()))
            .addFindings(
                finding(
                    "CVE-2021-44228",
                    Severity.SEVERITY_CRITICAL,
                    10,
                    "2.15.0",
                    jar.toBuilder().setPath("app/b.jar").build()))
            .build();

    List<FindingDocument> docs = FindingDocuments.of(r, FALLBACK);

    assertThat(docs).extracting(FindingDocument::id).doesNotHaveDuplicates().hasSize(2);
  }

  @Test
  void rejectsReportsThatCannotBeIdentified() {
    assertThatThrownBy(
            () ->
                FindingDocuments.of(
                    report(digest, "r", "x", "t").setImageDigest("latest").build(), FALLBACK))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining("image_digest");
    assertThatThrownBy(
            () ->
                FindingDocuments.of(
                    report(digest, "r", "x", "t").setImageDigest("sha256:abc").build(), FALLBACK))
        .isInstanceOf(InvalidReportException.class);
    assertThatThrownBy(
            () ->
                FindingDocuments.of(
                    report(digest, "r", "x", "t").setReportId("").build(), FALLBACK))
        .hasMessageContaining("report_id");
    assertThatThrownBy(
            () ->
                FindingDocuments.of(
                    report(digest, "r", "x", "t").setPart(3).setPartCount(2).build(), FALLBACK))
        .hasMessageContaining("part");
  }

  @Test
  void rejectsFindingsWithoutVulnerabilityOrPackage() {
    FindingsReport noId =
        report(digest, "r", "x", "t")
            .addFindings(finding("", Severity.SEVERITY_LOW, 1, "", pkg("a", "1")))
            .build();
    FindingsReport noPackage =
        report(digest, "r", "x", "t")
            .addFindings(
                finding("CVE-1", Severity.SEVERITY_LOW, 1, "", pkg("a", "1")).toBuilder()
                    .clearPackage())
            .build();
    FindingsReport badScore =
        report(digest, "r", "x", "t")
            .addFindings(finding("CVE-1", Severity.SEVERITY_LOW, Double.NaN, "", pkg("a", "1")))
            .build();

    assertThatThrownBy(() -> FindingDocuments.of(noId, FALLBACK))
        .hasMessageContaining("finding 0: vulnerability_id");
    assertThatThrownBy(() -> FindingDocuments.of(noPackage, FALLBACK))
        .hasMessageContaining("package");
    assertThatThrownBy(() -> FindingDocuments.of(badScore, FALLBACK))
        .hasMessageContaining("cvss_score");
  }

  @Test
  void severityNamesAndRanks() {
    assertThat(Severities.name(Severity.SEVERITY_CRITICAL)).isEqualTo("critical");
    assertThat(Severities.name(Severity.UNRECOGNIZED)).isEqualTo("unknown");
    assertThat(Severities.rank(Severity.SEVERITY_CRITICAL))
        .isGreaterThan(Severities.rank(Severity.SEVERITY_HIGH));
    assertThat(Severities.parse("High")).contains(Severity.SEVERITY_HIGH);
    assertThat(Severities.parse("SEVERITY_LOW")).contains(Severity.SEVERITY_LOW);
    assertThat(Severities.parse("severe")).isEmpty();
    assertThat(Severities.parse("UNRECOGNIZED")).isEmpty();
  }

  private static Object get(Map<String, ?> doc, String path) {
    return FindingDocuments.get(doc, path);
  }
}
