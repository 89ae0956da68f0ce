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
  void groupsByDigestWithACompositeAggregationAndCursor() throws Exception {
    String after = digest("after");
    JsonNode body =
        body(PackageLookup.of(null, "bash", "5.2").filter(), new ImagePaging(20, after));

    JsonNode images = body.at("/aggregations/images");
    assertThat(body.at("/size").asInt()).isZero();
    assertThat(images.at("/composite/size").asInt()).isEqualTo(20);
    assertThat(images.at("/composite/sources/0/digest/terms/field").asText())
        .isEqualTo("container.image.hash.all");
    assertThat(images.at("/composite/after/digest").asText()).isEqualTo(after);
    assertThat(images.at("/aggregations/findings/top_hits/size").asInt())
        .isEqualTo(ImageMatchRequests.HITS_PER_IMAGE);
    assertThat(body.at("/query/bool/filter/0/term/package.name/value").asText()).isEqualTo("bash");
    assertThat(body.at("/query/bool/filter/1/term/package.version/value").asText())
        .isEqualTo("5.2");

    JsonNode first = body(SearchRequests.vulnerability("CVE-1"), new ImagePaging(5, null));
    assertThat(first.at("/aggregations/images/composite/after").isMissingNode()).isTrue();
    assertThat(first.at("/query").toString()).contains("tallyman.vulnerability.aliases");
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

  private static JsonNode body(
      co.elastic.clients.elasticsearch._types.query_dsl.Query filter, ImagePaging paging)
      throws Exception {
    return JSON.readTree(
        JsonpUtils.toJsonString(
            ImageMatchRequests.build(filter, "alias", paging), new JacksonJsonpMapper()));
  }
}
