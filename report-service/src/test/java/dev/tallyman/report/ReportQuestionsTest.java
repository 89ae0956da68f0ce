package dev.tallyman.report;

import static dev.tallyman.report.ReportTestSupport.badRequest;
import static dev.tallyman.report.ReportTestSupport.buckets;
import static dev.tallyman.report.ReportTestSupport.enc;
import static dev.tallyman.report.ReportTestSupport.get;
import static dev.tallyman.report.ReportTestSupport.image;
import static dev.tallyman.report.Reports.BASH;
import static dev.tallyman.report.Reports.CURL;
import static dev.tallyman.report.Reports.LIBC;
import static dev.tallyman.report.Reports.OPENSSL;
import static dev.tallyman.report.Reports.ZLIB;
import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.contracts.Topics;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.ReportTestSupport.Response;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The questions beyond /v1/findings (facets, blast radius, where deployed, image report, exports)
 * against a real Kafka and a real Elasticsearch, on an index of this class alone.
 */
class ReportQuestionsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static EmbeddedServer server;
  private static KafkaProducer<String, byte[]> producer;
  private static String base;

  private static final String D1 = digest("q-debian-" + UUID.randomUUID());
  private static final String D2 = digest("q-app-" + UUID.randomUUID());
  private static final String D3 = digest("q-api-" + UUID.randomUUID());
  private static final Package FORMULA = pkg("=1+1", "-2");

  static final FindingsReport DEBIAN =
      report(D1, "127.0.0.1:5000", "library/debian", "12")
          .addFindings(
              finding(
                  "CVE-2024-0727", Severity.SEVERITY_HIGH, 5.5, "3.0.13", OPENSSL, "DSA-5621-1"))
          .addFindings(finding("CVE-2023-45853", Severity.SEVERITY_CRITICAL, 9.8, "", ZLIB))
          .addFindings(finding("CVE-2022-3715", Severity.SEVERITY_LOW, 3.3, "", BASH))
          .build();
  static final FindingsReport APP =
      report(D2, "127.0.0.1:5000", "team/app", "v1")
          .addFindings(
              finding(
                  "CVE-2024-0727", Severity.SEVERITY_HIGH, 5.5, "3.0.13", OPENSSL, "DSA-5621-1"))
          .addFindings(finding("CVE-2023-38545", Severity.SEVERITY_MEDIUM, 6.1, "7.88.1", CURL))
          .build();
  static final FindingsReport API =
      report(D3, "127.0.0.2:5000", "team/api", "v2")
          .addFindings(
              finding(
                  "CVE-2024-0727", Severity.SEVERITY_HIGH, 5.5, "3.0.13", OPENSSL, "DSA-5621-1"))
          .addFindings(finding("CVE-2024-9999", Severity.SEVERITY_LOW, 0, "", FORMULA))
          .build();

  @BeforeAll
  static void start() throws Exception {
    ReportService service = ReportService.start("rq");
    server = service.server();
    base = service.base();
    String bootstrap = service.bootstrap();
    Topics topics = service.topics();
    producer = ReportTestSupport.producer(bootstrap);
    String topic = topics.findings();
    for (FindingsReport r : List.of(DEBIAN, APP, API)) {
      ReportTestSupport.publish(producer, topic, r);
      // the SBOM carries a package without findings too: where-deployed sees every package
      ReportTestSupport.publish(
          producer, topics.sboms(), r.getImageDigest(), Reports.sbom(r, LIBC).build());
    }
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Response r = get(base + "/v1/findings?size=1");
              return r.status() == 200 && r.json().at("/total").asInt() == 7;
            });
    // image documents (blast radius) and packages follow once each report / SBOM is complete
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Response r = get(base + "/v1/vulnerabilities/CVE-2024-0727/images");
              return r.status() == 200 && r.json().at("/images").size() == 3;
            });
    await()
        .atMost(WAIT)
        .until(() -> get(base + "/v1/packages?name=libc6").json().at("/images").size() == 3);
  }

  @AfterAll
  static void stop() {
    ReportTestSupport.stop(producer, server);
  }

  @Test
  void facetsCountFindingsPerDimensionUnderTheSameFilters() {
    JsonNode all = ok("/v1/findings/facets?by=severity,repository,vulnerability,package");
    assertThat(all.at("/total").asInt()).isEqualTo(7);
    assertThat(buckets(all, "severity"))
        .containsExactly("high=3", "low=2", "critical=1", "medium=1");
    assertThat(buckets(all, "repository"))
        .containsExactly(
            "127.0.0.1:5000/library/debian=3",
            "127.0.0.1:5000/team/app=2",
            "127.0.0.2:5000/team/api=2");
    assertThat(buckets(all, "vulnerability")).startsWith("CVE-2024-0727=3").hasSize(5);
    assertThat(buckets(all, "package")).startsWith("openssl=3");

    JsonNode app = ok("/v1/findings/facets?by=severity&repository=team/app");
    assertThat(app.at("/total").asInt()).isEqualTo(2);
    assertThat(buckets(app, "severity")).containsExactly("high=1", "medium=1");

    JsonNode top = ok("/v1/findings/facets?by=vulnerability&size=1");
    assertThat(buckets(top, "vulnerability")).containsExactly("CVE-2024-0727=3");
    assertThat(top.at("/facets/vulnerability/other").asInt()).isEqualTo(4);
  }

  @Test
  void facetsRejectUnknownDimensionsAndSizes() {
    Response unknown = badRequest(base + "/v1/findings/facets?by=severity,colour");
    assertThat(unknown.json().at("/reason").asText()).contains("unknown facet dimension 'colour'");
    Response none = badRequest(base + "/v1/findings/facets");
    assertThat(none.json().at("/reason").asText()).contains("by is required");
    Response big = badRequest(base + "/v1/findings/facets?by=severity&size=101");
    assertThat(big.json().at("/reason").asText()).contains("size");
    Response sev = badRequest(base + "/v1/findings/facets?by=severity&severity=severe");
  }

  @Test
  void blastRadiusListsEveryAffectedImageWithItsPackagesByIdOrAlias() {
    JsonNode page = ok("/v1/vulnerabilities/CVE-2024-0727/images");
    assertThat(digests(page)).containsExactlyElementsOf(sorted(D1, D2, D3));
    assertThat(page.at("/next").isNull()).isTrue();
    for (JsonNode image : page.at("/images")) {
      assertThat(image.at("/packages")).hasSize(1);
      assertThat(image.at("/packages/0/name").asText()).isEqualTo("openssl");
      assertThat(image.at("/packages/0/purl").asText()).isEqualTo(OPENSSL.getPurl());
      assertThat(image.at("/packages/0/fixed_versions/0").asText()).isEqualTo("3.0.13");
      assertThat(image.at("/findings").asInt()).isEqualTo(1);
      assertThat(image.at("/platform").asText()).isEqualTo("linux/amd64");
    }
    JsonNode api = image(page, D3);
    assertThat(api.at("/registry").asText()).isEqualTo("127.0.0.2:5000");
    assertThat(api.at("/repository").asText()).isEqualTo("team/api");
    assertThat(api.at("/tags/0").asText()).isEqualTo("v2");

    assertThat(digests(ok("/v1/vulnerabilities/dsa-5621-1/images")))
        .containsExactlyElementsOf(sorted(D1, D2, D3));
    assertThat(digests(ok("/v1/vulnerabilities/CVE-2023-45853/images"))).containsExactly(D1);
  }

  @Test
  void blastRadiusPagesWithACursor() {
    JsonNode first = ok("/v1/vulnerabilities/CVE-2024-0727/images?size=2");
    assertThat(first.at("/images")).hasSize(2);
    String next = first.at("/next").asText();
    assertThat(next).isEqualTo(first.at("/images/1/digest").asText());
    JsonNode second = ok("/v1/vulnerabilities/CVE-2024-0727/images?size=2&after=" + next);
    assertThat(second.at("/images")).hasSize(1);
    assertThat(second.at("/next").isNull()).isTrue();
    List<String> all = new ArrayList<>(digests(first));
    all.addAll(digests(second));
    assertThat(all).containsExactlyElementsOf(sorted(D1, D2, D3));
  }

  @Test
  void blastRadiusErrors() {
    Response unknown = get(base + "/v1/vulnerabilities/CVE-1999-0001/images");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().at("/reason").asText()).contains("CVE-1999-0001");
    assertThat(get(base + "/v1/vulnerabilities/CVE-2024-0727/images?size=0").status())
        .isEqualTo(400);
    Response after = badRequest(base + "/v1/vulnerabilities/CVE-2024-0727/images?after=page2");
    assertThat(after.json().at("/reason").asText()).contains("after");
  }

  @Test
  void whereDeployedByPurlOrNameAndVersionSaysItsScope() {
    JsonNode byPurl = ok("/v1/packages?purl=" + enc(OPENSSL.getPurl()));
    assertThat(byPurl.at("/scope").asText()).isEqualTo("all-packages");
    assertThat(byPurl.at("/purl").asText()).isEqualTo(OPENSSL.getPurl());
    assertThat(digests(byPurl)).containsExactlyElementsOf(sorted(D1, D2, D3));
    assertThat(image(byPurl, D1).at("/packages/0/vulnerabilities/0").asText())
        .isEqualTo("CVE-2024-0727");

    assertThat(digests(ok("/v1/packages?name=curl"))).containsExactly(D2);
    assertThat(digests(ok("/v1/packages?name=bash&version=" + enc(BASH.getVersion()))))
        .containsExactly(D1);
    assertThat(ok("/v1/packages?name=bash&version=0.0").at("/images")).isEmpty();
    // the version without the qualifiers nobody types, and without a version: every version
    assertThat(digests(ok("/v1/packages?purl=" + enc("pkg:deb/debian/openssl@3.0.11-1~deb12u1"))))
        .containsExactlyElementsOf(sorted(D1, D2, D3));
    assertThat(digests(ok("/v1/packages?purl=" + enc("pkg:deb/debian/bash")))).containsExactly(D1);
    assertThat(ok("/v1/packages?purl=" + enc("pkg:deb/debian/openssl@9.9")).at("/images"))
        .isEmpty();
    // a package without any finding is found too, with no vulnerabilities
    JsonNode libc = ok("/v1/packages?purl=" + enc("pkg:deb/debian/libc6"));
    assertThat(digests(libc)).containsExactlyElementsOf(sorted(D1, D2, D3));
    assertThat(image(libc, D2).at("/packages/0/vulnerabilities")).isEmpty();
    assertThat(image(libc, D2).at("/repository").asText()).isEqualTo("team/app");
    Response badPurl = badRequest(base + "/v1/packages?purl=" + enc("pkg:"));
    assertThat(badPurl.json().at("/reason").asText()).contains("package URL");

    Response none = badRequest(base + "/v1/packages");
    assertThat(none.json().at("/reason").asText()).contains("purl or name is required");
    assertThat(get(base + "/v1/packages?purl=" + enc(OPENSSL.getPurl()) + "&name=x").status())
        .isEqualTo(400);
  }

  @Test
  void imageReportHasFactsCountsAndPagedFindings() {
    JsonNode r = ok("/v1/images/" + D1 + "?size=2");
    assertThat(r.at("/image/digest").asText()).isEqualTo(D1);
    assertThat(r.at("/image/registry").asText()).isEqualTo("127.0.0.1:5000");
    assertThat(r.at("/image/repository").asText()).isEqualTo("library/debian");
    assertThat(r.at("/image/tags/0").asText()).isEqualTo("12");
    assertThat(r.at("/image/platform").asText()).isEqualTo("linux/amd64");
    assertThat(r.at("/image/os/id").asText()).isEqualTo("debian");
    assertThat(r.at("/severities").toString())
        .isEqualTo(
            "{\"critical\":1,\"high\":1,\"medium\":0,\"low\":1,\"negligible\":0,\"unknown\":0}");
    assertThat(r.at("/findings/total").asInt()).isEqualTo(3);
    assertThat(r.at("/findings/items")).hasSize(2);
    assertThat(r.at("/findings/items/0/vulnerability/id").asText()).isEqualTo("CVE-2023-45853");

    JsonNode last = ok("/v1/images/" + D1 + "?size=2&page=1");
    assertThat(last.at("/findings/items")).hasSize(1);
    assertThat(last.at("/image/repository").asText()).isEqualTo("library/debian");

    Response unknown = get(base + "/v1/images/" + digest("never-indexed"));
    assertThat(unknown.status()).isEqualTo(404);
    Response bad = badRequest(base + "/v1/images/latest");
    assertThat(bad.json().at("/reason").asText()).contains("OCI digest");
    assertThat(get(base + "/v1/images/" + D1 + "?size=501").status()).isEqualTo(400);
  }

  @Test
  void sarifExportHasOneRulePerVulnerabilityAndOneResultPerFinding() {
    Response r = get(base + "/v1/images/" + D1 + "/findings.sarif");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("application/sarif+json");
    assertThat(r.header("content-disposition")).contains(D1.replace(':', '-') + "-findings.sarif");
    JsonNode log = r.json();
    assertThat(log.at("/version").asText()).isEqualTo("2.1.0");
    assertThat(log.at("/runs/0/tool/driver/rules")).hasSize(3);
    assertThat(log.at("/runs/0/results")).hasSize(3);
    JsonNode worst = log.at("/runs/0/results/0");
    assertThat(worst.at("/ruleId").asText()).isEqualTo("CVE-2023-45853");
    assertThat(worst.at("/level").asText()).isEqualTo("error");
    assertThat(log.at("/runs/0/tool/driver/rules/0/properties/security-severity").asText())
        .isEqualTo("9.8");
    assertThat(get(base + "/v1/images/" + digest("nothing") + "/findings.sarif").status())
        .isEqualTo(404);
  }

  @Test
  void csvExportQuotesAndNeutralizesFormulas() {
    Response r = get(base + "/v1/images/" + D3 + "/findings.csv");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("content-type")).startsWith("text/csv");
    assertThat(r.header("x-tallyman-truncated")).isEqualTo("false");
    String[] lines = r.body().split("\r\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("finding_id,vulnerability,");
    assertThat(lines[1]).contains(",CVE-2024-0727,DSA-5621-1,high,5.5,3.0.13,openssl,");
    assertThat(lines[2]).contains(",'=1+1,'-2,").doesNotContain(",=1+1");
    assertThat(get(base + "/v1/images/latest/findings.csv").status()).isEqualTo(400);
  }

  @Test
  void theOpenApiDocumentListsTheNewEndpoints() {
    String doc = get(base + "/openapi").body();
    assertThat(doc)
        .contains("/v1/findings/facets:")
        .contains("/v1/vulnerabilities/{id}/images:")
        .contains("/v1/packages:")
        .contains("/v1/images/{digest}:")
        .contains("/v1/images/{digest}/findings.sarif:")
        .contains("/v1/images/{digest}/findings.csv:")
        .contains("/v1/images/{digest}/sbom:")
        .contains("include_deleted")
        .contains("ImageReport")
        .contains("BlastRadius");
  }

  private static JsonNode ok(String path) {
    return ReportTestSupport.ok(base, path);
  }

  private static List<String> digests(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.at("/images").forEach(i -> out.add(i.at("/digest").asText()));
    return out;
  }

  private static List<String> sorted(String... digests) {
    return java.util.Arrays.stream(digests).sorted().toList();
  }
}
