package dev.tallyman.report.search;

import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.index.FindingDocument;
import dev.tallyman.report.index.FindingDocuments;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageMatchesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void pagingValidatesSizeAndCursor() {
    assertThat(ImagePaging.of(null, null)).isEqualTo(new ImagePaging(50, null));
    String d = digest("x");
    assertThat(ImagePaging.of(3, d).after()).isEqualTo(d);
    assertThatThrownBy(() -> ImagePaging.of(0, null)).hasMessageContaining("size must be");
    assertThatThrownBy(() -> ImagePaging.of(501, null)).hasMessageContaining("size must be");
    assertThatThrownBy(() -> ImagePaging.of(null, "page-2"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("after");
  }

  @Test
  void packageLookupNeedsExactlyOneWayToNameThePackage() {
    assertThat(PackageLookup.of("pkg:deb/debian/bash@5", null, null).purl())
        .isEqualTo("pkg:deb/debian/bash@5");
    assertThat(PackageLookup.of(null, "bash", "5")).isEqualTo(new PackageLookup(null, "bash", "5"));
    assertThatThrownBy(() -> PackageLookup.of(null, null, null))
        .hasMessageContaining("purl or name is required");
    assertThatThrownBy(() -> PackageLookup.of(null, null, "5"))
        .hasMessageContaining("version needs name");
    assertThatThrownBy(() -> PackageLookup.of("pkg:deb/x@1", "x", null))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> PackageLookup.of("bash@5", null, null)).hasMessageContaining("pkg:");
  }

  @Test
  void purlLookupsMatchWithOrWithoutVersionAndQualifiers() throws Exception {
    JsonNode versioned =
        json(
            PackageLookup.of("pkg:deb/debian/openssl@3.0.11?arch=amd64", null, null)
                .packagesFilter());
    assertThat(versioned.toString())
        .contains(
            "\"tallyman.package.purl\":{\"value\":\"pkg:deb/debian/openssl@3.0.11?arch=amd64\"")
        .contains("\"tallyman.package.purl_plain\":{\"value\":\"pkg:deb/debian/openssl@3.0.11\"");
    JsonNode any =
        json(
            PackageLookup.of("pkg:maven/org.apache.logging.log4j/log4j-core", null, null)
                .packagesFilter());
    assertThat(any.at("/bool/filter/0/term/tallyman.package.purl_name/value").asText())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core");
    JsonNode byName = json(PackageLookup.of(null, "bash", "5.2").packagesFilter());
    assertThat(byName.at("/bool/filter/0/term/package.name/value").asText()).isEqualTo("bash");
    assertThat(byName.at("/bool/filter/1/term/package.version/value").asText()).isEqualTo("5.2");
    assertThatThrownBy(() -> PackageLookup.of("pkg:", null, null))
        .hasMessageContaining("package URL");
  }

  @Test
  void tenantGrantsCheckRegistryAndPrefixOnOneLocationValue() throws Exception {
    var who =
        new dev.tallyman.report.access.Principal(
            "t",
            dev.tallyman.report.access.Role.VIEWER,
            List.of(
                dev.tallyman.report.access.Grant.parse("r:5000/payments"),
                dev.tallyman.report.access.Grant.parse("*/shop"),
                dev.tallyman.report.access.Grant.parse("r2")));
    String filter = json(Visibility.tenantFilter(who).orElseThrow()).toString();
    assertThat(filter)
        .contains("\"container.image.name\":{\"value\":\"r:5000/payments\"")
        .contains("\"container.image.name\":{\"value\":\"r:5000/payments/\"")
        .contains("\"tallyman.image.repository\":{\"value\":\"shop\"")
        .contains("\"tallyman.image.registry\":{\"value\":\"r2\"");
    String pattern = Visibility.namePattern(who).orElseThrow();
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(pattern);
    assertThat(p.matcher("r:5000/payments/api").matches()).isTrue();
    assertThat(p.matcher("r:5000/payments").matches()).isTrue();
    assertThat(p.matcher("r:5000/payments-legacy").matches()).isFalse();
    assertThat(p.matcher("x/shop/web").matches()).isTrue();
    assertThat(p.matcher("x/team/shop").matches()).isFalse();
    assertThat(p.matcher("r2/anything").matches()).isTrue();
    assertThat(Visibility.namePattern(dev.tallyman.report.access.Principal.UNRESTRICTED)).isEmpty();
  }

  @Test
  void anImageMatchListsEachPackageOnceWithItsVulnerabilities() throws Exception {
    Package openssl = pkg("openssl", "3.0.11");
    Package zlib = pkg("zlib1g", "1.2.13");
    String d = digest("img");
    List<FindingDocument> docs =
        FindingDocuments.of(
            report(d, "reg:5000", "team/app", "v1")
                .addFindings(finding("CVE-1", Severity.SEVERITY_HIGH, 7.5, "3.0.13", openssl))
                .addFindings(finding("CVE-2", Severity.SEVERITY_LOW, 2, "", openssl))
                .addFindings(finding("CVE-3", Severity.SEVERITY_CRITICAL, 9.8, "1.3", zlib))
                .build(),
            Instant.EPOCH);
    List<Map<String, ?>> sources =
        docs.stream().<Map<String, ?>>map(FindingDocument::source).toList();

    FindingView.Image img = FindingView.fromSource(null, sources.get(0)).image();
    ImageMatch m = ImageMatch.of(d, 4, sources, img);

    assertThat(m.digest()).isEqualTo(d);
    assertThat(m.registry()).isEqualTo("reg:5000");
    assertThat(m.repository()).isEqualTo("team/app");
    assertThat(m.tags()).containsExactly("v1");
    assertThat(m.platform()).isEqualTo("linux/amd64");
    assertThat(m.findings()).isEqualTo(4);
    assertThat(m.packagesTruncated()).isTrue(); // 4 matched, 3 shown
    assertThat(m.packages()).hasSize(2);
    ImageMatch.PackageHit ssl = m.packages().get(0);
    assertThat(ssl.name()).isEqualTo("openssl");
    assertThat(ssl.purl()).isEqualTo(openssl.getPurl());
    assertThat(ssl.vulnerabilities()).containsExactly("CVE-1", "CVE-2");
    assertThat(ssl.severities()).containsExactly("high", "low");
    assertThat(ssl.fixedVersions()).containsExactly("3.0.13");
    assertThat(m.packages().get(1).vulnerabilities()).containsExactly("CVE-3");
    assertThat(ImageMatch.of(d, 3, sources, img).packagesTruncated()).isFalse();
  }

  private static JsonNode json(co.elastic.clients.elasticsearch._types.query_dsl.Query q)
      throws Exception {
    return JSON.readTree(JsonpUtils.toJsonString(q, new JacksonJsonpMapper()));
  }
}
