package dev.tallyman.report;

import static dev.tallyman.report.ReportTestSupport.enc;
import static dev.tallyman.report.ReportTestSupport.get;
import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import dev.tallyman.contracts.Topics;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Sbom;
import dev.tallyman.proto.v1.Severity;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where-deployed reads each package's open vulnerabilities from its packages-index document (ADR
 * 0019): the SBOM and the findings of an image arrive in either order and give the same answer, a
 * fixed finding leaves the package's list and a reopened one comes back, and a replayed SBOM does
 * not wipe them — against a real Kafka and a real Elasticsearch.
 */
class WhereDeployedVulnerabilitiesTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String R = "127.0.0.1:5000";

  /** Findings before SBOM. */
  private static final String FIRST = digest("wd-first-" + UUID.randomUUID());

  /** SBOM before findings. */
  private static final String LATER = digest("wd-later-" + UUID.randomUUID());

  /** Findings fixed and reopened by newer reports. */
  private static final String CYCLE = digest("wd-cycle-" + UUID.randomUUID());

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final Package OPENSSL = pkg("openssl-" + RUN, "3.0.11-1~deb12u1");
  private static final Package ZLIB = pkg("zlib1g-" + RUN, "1:1.2.13.dfsg-1");
  private static final Package LIBC = pkg("libc6-" + RUN, "2.36-9+deb12u4");

  private static EmbeddedServer server;
  private static KafkaProducer<String, byte[]> producer;
  private static String base;
  private static String bootstrap;
  private static String group;
  private static Topics topics;

  /** The same image content under two digests, one location each (same repository and tag). */
  static FindingsReport image(String digest, long at, boolean withLow, boolean withZlib) {
    FindingsReport.Builder b =
        report(digest, R, "team/app", "1")
            .setReportId("report-" + digest.substring(7, 19) + "-" + at)
            .setGeneratedAt(Timestamp.newBuilder().setSeconds(at))
            .addFindings(finding("CVE-2041-0001", Severity.SEVERITY_HIGH, 8.1, "3.0.13", OPENSSL));
    if (withLow) {
      b.addFindings(finding("CVE-2041-0002", Severity.SEVERITY_LOW, 2.0, "3.0.12", OPENSSL));
    }
    if (withZlib) {
      b.addFindings(finding("CVE-2041-0003", Severity.SEVERITY_CRITICAL, 9.8, "", ZLIB));
    }
    return b.build();
  }

  static Sbom sbomOf(FindingsReport r) {
    return Reports.sbom(r, LIBC).build();
  }

  @BeforeAll
  static void start() throws Exception {
    ReportService service = ReportService.start("wd");
    server = service.server();
    bootstrap = service.bootstrap();
    group = service.group();
    topics = service.topics();
    base = service.base();
    producer = ReportTestSupport.producer(bootstrap);

    // findings first: the report completes before any package document exists
    FindingsReport first = image(FIRST, 1_700_000_000L, true, true);
    ReportTestSupport.publish(producer, topics.findings(), first);
    await().atMost(WAIT).until(() -> get(base + "/v1/scans/" + FIRST).status() == 200);
    // the placeholders the findings wrote are neither an image with packages nor an SBOM
    assertThat(get(base + "/v1/images/" + FIRST + "/sbom").status()).isEqualTo(404);
    assertThat(digests(ok("/v1/packages?purl=" + enc(OPENSSL.getPurl())))).doesNotContain(FIRST);
    ReportTestSupport.publish(producer, topics.sboms(), FIRST, sbomOf(first));

    // SBOM first: the packages exist before the report says what is vulnerable
    FindingsReport later = image(LATER, 1_700_000_000L, true, true);
    ReportTestSupport.publish(producer, topics.sboms(), LATER, sbomOf(later));
    await().atMost(WAIT).until(() -> get(base + "/v1/images/" + LATER + "/sbom").status() == 200);
    assertThat(vulnerabilities(LATER, OPENSSL)).isEmpty();
    ReportTestSupport.publish(producer, topics.findings(), later);

    for (String d : List.of(FIRST, LATER)) {
      await().atMost(WAIT).until(() -> get(base + "/v1/scans/" + d).status() == 200);
      await().atMost(WAIT).until(() -> get(base + "/v1/images/" + d + "/sbom").status() == 200);
      await().atMost(WAIT).until(() -> vulnerabilities(d, OPENSSL).size() == 2);
    }
  }

  @AfterAll
  static void stop() {
    ReportTestSupport.stop(producer, server);
  }

  @Test
  void findingsBeforeSbomAndSbomBeforeFindingsGiveTheSameAnswer() {
    for (Package p : List.of(OPENSSL, ZLIB, LIBC)) {
      JsonNode page = ok("/v1/packages?purl=" + enc(p.getPurl()));
      assertThat(digests(page)).contains(FIRST, LATER);
      JsonNode first = withoutDigest(ReportTestSupport.image(page, FIRST));
      JsonNode later = withoutDigest(ReportTestSupport.image(page, LATER));
      assertThat(first).as(p.getName()).isEqualTo(later);
    }
    JsonNode ssl =
        ReportTestSupport.image(ok("/v1/packages?purl=" + enc(OPENSSL.getPurl())), FIRST);
    assertThat(ssl.at("/packages")).hasSize(1);
    JsonNode hit = ssl.at("/packages/0");
    assertThat(hit.at("/name").asText()).isEqualTo(OPENSSL.getName());
    // worst first, severities beside them, fixed versions once each
    assertThat(hit.at("/vulnerabilities").toString())
        .isEqualTo("[\"CVE-2041-0001\",\"CVE-2041-0002\"]");
    assertThat(hit.at("/severities").toString()).isEqualTo("[\"high\",\"low\"]");
    assertThat(hit.at("/fixed_versions").toString()).isEqualTo("[\"3.0.13\",\"3.0.12\"]");
    assertThat(ssl.at("/registry").asText()).isEqualTo(R);
    assertThat(ssl.at("/repository").asText()).isEqualTo("team/app");
    // a package without findings is listed, with none
    JsonNode libc = ReportTestSupport.image(ok("/v1/packages?purl=" + enc(LIBC.getPurl())), LATER);
    assertThat(libc.at("/packages/0/name").asText()).isEqualTo(LIBC.getName());
    assertThat(libc.at("/packages/0/vulnerabilities").size()).isZero(); // left out when empty
    // the same SBOM export either way (the placeholders are not packages of their own)
    assertThat(components(FIRST)).isEqualTo(components(LATER)).hasSize(4);
  }

  @Test
  void aFixedFindingLeavesThePackageAndAReopenedOneComesBack() throws Exception {
    FindingsReport v1 = image(CYCLE, 1_700_000_000L, true, true);
    ReportTestSupport.publish(producer, topics.sboms(), CYCLE, sbomOf(v1));
    ReportTestSupport.publish(producer, topics.findings(), v1);
    await().atMost(WAIT).until(() -> vulnerabilities(CYCLE, OPENSSL).size() == 2);
    await().atMost(WAIT).until(() -> vulnerabilities(CYCLE, ZLIB).size() == 1);

    // a newer report without the low openssl finding and without zlib's: both fixed
    ReportTestSupport.publish(
        producer, topics.findings(), image(CYCLE, 1_700_000_100L, false, false));
    await().atMost(WAIT).until(() -> vulnerabilities(CYCLE, OPENSSL).size() == 1);
    assertThat(vulnerabilities(CYCLE, OPENSSL)).containsExactly("CVE-2041-0001");
    assertThat(fixedVersions(CYCLE, OPENSSL)).containsExactly("3.0.13");
    await().atMost(WAIT).until(() -> vulnerabilities(CYCLE, ZLIB).isEmpty());
    // the package stays listed (it is still in the image), only its vulnerability went
    assertThat(packageHit(CYCLE, ZLIB).at("/name").asText()).isEqualTo(ZLIB.getName());
    // other images are untouched
    assertThat(vulnerabilities(FIRST, OPENSSL)).hasSize(2);

    // a still newer report lists the low one again: reopened, listed again
    ReportTestSupport.publish(
        producer, topics.findings(), image(CYCLE, 1_700_000_200L, true, false));
    await().atMost(WAIT).until(() -> vulnerabilities(CYCLE, OPENSSL).size() == 2);
    assertThat(vulnerabilities(CYCLE, OPENSSL)).containsExactly("CVE-2041-0001", "CVE-2041-0002");
    assertThat(vulnerabilities(CYCLE, ZLIB)).isEmpty();
    JsonNode low = ok("/v1/findings?vulnerability=CVE-2041-0002&digest=" + CYCLE);
    assertThat(low.at("/items/0/lifecycle/status").asText()).isEqualTo("reopened");

    // replaying the image's SBOM rewrites its packages but keeps what the findings put there
    RecordMetadata m = ReportTestSupport.publish(producer, topics.sboms(), CYCLE, sbomOf(v1));
    awaitConsumed(group + "-sboms", m); // the SBOM writer refreshes before it commits
    assertThat(vulnerabilities(CYCLE, OPENSSL)).containsExactly("CVE-2041-0001", "CVE-2041-0002");
    assertThat(vulnerabilities(CYCLE, ZLIB)).isEmpty();
    assertThat(components(CYCLE)).hasSize(4);
  }

  private static List<String> vulnerabilities(String digest, Package p) {
    return strings(packageHit(digest, p), "/vulnerabilities");
  }

  private static List<String> fixedVersions(String digest, Package p) {
    return strings(packageHit(digest, p), "/fixed_versions");
  }

  private static JsonNode packageHit(String digest, Package p) {
    JsonNode page = ok("/v1/packages?purl=" + enc(p.getPurl()));
    for (JsonNode i : page.at("/images")) {
      if (i.at("/digest").asText().equals(digest)) {
        return i.at("/packages/0");
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static List<String> strings(JsonNode n, String path) {
    List<String> out = new java.util.ArrayList<>();
    n.at(path).forEach(v -> out.add(v.asText()));
    return out;
  }

  private static List<String> components(String digest) {
    List<String> out = new java.util.ArrayList<>();
    ok("/v1/images/" + digest + "/sbom")
        .at("/components")
        .forEach(c -> out.add(c.at("/name").asText() + "@" + c.at("/version").asText()));
    out.sort(null);
    return out;
  }

  private static void awaitConsumed(String consumerGroup, RecordMetadata m) {
    TopicPartition tp = new TopicPartition(m.topic(), m.partition());
    await()
        .atMost(WAIT)
        .until(
            () ->
                ReportTestSupport.committed(bootstrap, consumerGroup).getOrDefault(tp, -1L)
                    > m.offset());
  }

  private static JsonNode withoutDigest(JsonNode image) {
    ObjectNode copy = image.deepCopy();
    copy.remove("digest");
    return copy;
  }

  private static JsonNode ok(String path) {
    return ReportTestSupport.ok(base, path);
  }

  private static List<String> digests(JsonNode page) {
    List<String> out = new java.util.ArrayList<>();
    page.at("/images").forEach(i -> out.add(i.at("/digest").asText()));
    return out;
  }
}
