package dev.tallyman.report.index;

import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.Reports;
import dev.tallyman.report.lifecycle.Lifecycle;
import dev.tallyman.report.lifecycle.ReportVersion;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PackageVulnerabilitiesTest {
  private static final String D = digest("pv-image");
  private static final Package OPENSSL = pkg("openssl", "3.0.11");
  private static final Package ZLIB = pkg("zlib1g", "1.2.13");
  private static final Package LIBC = pkg("libc6", "2.36");

  static final FindingsReport REPORT =
      report(D, "127.0.0.1:5000", "team/app", "1")
          .addFindings(finding("CVE-2041-0003", Severity.SEVERITY_LOW, 2.0, "3.0.12", OPENSSL))
          .addFindings(finding("CVE-2041-0001", Severity.SEVERITY_HIGH, 7.0, "3.0.13", OPENSSL))
          .addFindings(finding("CVE-2041-0002", Severity.SEVERITY_HIGH, 8.1, "3.0.13", OPENSSL))
          .addFindings(finding("CVE-2041-0009", Severity.SEVERITY_CRITICAL, 9.8, "", ZLIB))
          .build();

  private static List<Map<String, Object>> sources(FindingsReport r) throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    for (FindingDocument d : FindingDocuments.of(r, Instant.EPOCH)) {
      out.add(FindingDocuments.deepCopy(new LinkedHashMap<>(d.source())));
    }
    return out;
  }

  @Test
  void aFindingsPackageHasTheIdTheSbomWriterGivesIt() throws Exception {
    var sbom = Reports.sbom(REPORT, LIBC).build();
    Set<String> packageIds = new HashSet<>();
    PackageDocuments.of(sbom, new ReportVersion(Instant.EPOCH, "s"), List.of(), false)
        .forEach(d -> packageIds.add(d.id()));
    Map<String, PackageVulnerabilities.Summary> byPackage =
        PackageVulnerabilities.of(D, sources(REPORT));
    assertThat(byPackage).hasSize(2);
    assertThat(packageIds).containsAll(byPackage.keySet()).hasSize(3);
  }

  @Test
  void openFindingsWorstFirstWithEachFixedVersionOnce() throws Exception {
    Map<String, PackageVulnerabilities.Summary> byPackage =
        PackageVulnerabilities.of(D, sources(REPORT));
    PackageVulnerabilities.Summary ssl = byPackage.get(idOf(OPENSSL));
    assertThat(ssl.ids()).containsExactly("CVE-2041-0002", "CVE-2041-0001", "CVE-2041-0003");
    assertThat(ssl.severities()).containsExactly("high", "high", "low");
    assertThat(ssl.fixedVersions()).containsExactly("3.0.13", "3.0.12");
    PackageVulnerabilities.Summary zlib = byPackage.get(idOf(ZLIB));
    assertThat(zlib.ids()).containsExactly("CVE-2041-0009");
    assertThat(zlib.fixedVersions()).isEmpty();
  }

  @Test
  void fixedAndDeletedFindingsAreNotOpenAndAPackageWithNoneLeftIsCleared() throws Exception {
    List<Map<String, Object>> src = sources(REPORT);
    for (Map<String, Object> f : src) {
      String id = FindingDocuments.get(f, "vulnerability.id").toString();
      if (id.equals("CVE-2041-0002")) {
        FindingDocuments.put(f, Lifecycle.STATUS, "fixed");
      } else if (id.equals("CVE-2041-0009")) {
        FindingDocuments.put(f, Lifecycle.STATUS, "deleted");
      } else if (id.equals("CVE-2041-0003")) {
        FindingDocuments.put(f, Lifecycle.STATUS, "reopened");
      }
    }
    Map<String, PackageVulnerabilities.Summary> byPackage = PackageVulnerabilities.of(D, src);
    assertThat(byPackage.get(idOf(OPENSSL)).ids())
        .containsExactly("CVE-2041-0001", "CVE-2041-0003");
    assertThat(byPackage.get(idOf(ZLIB)).isEmpty()).isTrue();

    List<Write> writes = PackageVulnerabilities.writes("pk", D, byPackage);
    Write ssl = writes.stream().filter(w -> w.id().equals(idOf(OPENSSL))).findFirst().orElseThrow();
    Write zlib = writes.stream().filter(w -> w.id().equals(idOf(ZLIB))).findFirst().orElseThrow();
    // open ones may create a placeholder (SBOM not there yet): id and digest, nothing a read shows
    assertThat(ssl.op()).isEqualTo(Write.Op.UPSERT);
    assertThat(FindingDocuments.get(ssl.source(), PackageDocuments.KEY)).isEqualTo(idOf(OPENSSL));
    assertThat(FindingDocuments.get(ssl.source(), "container.image.hash.all"))
        .isEqualTo(List.of(D));
    assertThat(FindingDocuments.get(ssl.source(), "tallyman.package.purl")).isNull();
    assertThat(FindingDocuments.get(ssl.source(), PackageDocuments.VERSION)).isNull();
    // a cleared one never creates a document
    assertThat(zlib.op()).isEqualTo(Write.Op.PATCH_IF_EXISTS);
    assertThat(zlib.source())
        .isEqualTo(
            Map.of(
                "vulnerability",
                Map.of("id", List.of(), "severity", List.of()),
                "tallyman",
                Map.of("vulnerability", Map.of("fixed_version", List.of()))));
  }

  @Test
  void theSbomWriterSetsEveryFieldItOwnsSoAnUpdateReplacesAnOlderSbomsValues() {
    var sbom = Reports.sbom(REPORT).build();
    Map<String, Object> doc =
        PackageDocuments.of(sbom, new ReportVersion(Instant.EPOCH, "s"), List.of(), false)
            .get(0)
            .source();
    for (String f : PackageDocuments.FIELDS) {
      assertThat(has(doc, f)).as(f).isTrue();
    }
    // the package has no modularity label: an explicit null clears an older SBOM's
    assertThat(FindingDocuments.get(doc, "tallyman.package.modularity_label")).isNull();
    for (String f : PackageVulnerabilities.FIELDS) {
      assertThat(has(doc, f)).as(f).isFalse();
    }
  }

  @Test
  void everyMappedFieldBelongsToExactlyOneWriter() throws Exception {
    JsonNode mappings;
    try (InputStream in = FindingsIndex.class.getResourceAsStream("packages-template.json")) {
      mappings = new ObjectMapper().readTree(in).at("/template/mappings/properties");
    }
    Set<String> leaves = new TreeSet<>();
    collect(mappings, "", leaves);
    Set<String> owned = new TreeSet<>(PackageDocuments.FIELDS);
    assertThat(PackageVulnerabilities.FIELDS).doesNotContainAnyElementsOf(owned);
    owned.addAll(PackageVulnerabilities.FIELDS);
    assertThat(owned).isEqualTo(leaves);
  }

  @Test
  void aSummaryIsReadBackFromAPackageDocument() {
    Map<String, Object> doc = new LinkedHashMap<>();
    FindingDocuments.put(doc, "package.name", "openssl");
    assertThat(PackageVulnerabilities.read(doc).isEmpty()).isTrue();
    var s = new PackageVulnerabilities.Summary(List.of("CVE-1"), List.of("high"), List.of("2"));
    s.fields().forEach(doc::put);
    FindingDocuments.put(doc, "package.name", "openssl");
    assertThat(PackageVulnerabilities.read(doc)).isEqualTo(s);
  }

  private static String idOf(Package p) {
    return PackageDocuments.id(D, "linux/amd64", p);
  }

  @SuppressWarnings("unchecked")
  private static boolean has(Map<String, Object> doc, String path) {
    String[] parts = path.startsWith("@") ? new String[] {path} : path.split("\\.");
    Object o = doc;
    for (String p : parts) {
      if (!(o instanceof Map<?, ?> m) || !m.containsKey(p)) {
        return false;
      }
      o = ((Map<String, Object>) m).get(p);
    }
    return true;
  }

  private static void collect(JsonNode props, String prefix, Set<String> out) {
    props
        .fields()
        .forEachRemaining(
            e -> {
              String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
              if (e.getValue().has("properties")) {
                collect(e.getValue().get("properties"), path, out);
              } else {
                out.add(path);
              }
            });
  }
}
