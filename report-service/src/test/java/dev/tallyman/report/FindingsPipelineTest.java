package dev.tallyman.report;

import static dev.tallyman.report.ReportTestSupport.badRequest;
import static dev.tallyman.report.ReportTestSupport.enc;
import static dev.tallyman.report.ReportTestSupport.get;
import static dev.tallyman.report.Reports.BASH;
import static dev.tallyman.report.Reports.CURL;
import static dev.tallyman.report.Reports.OPENSSL;
import static dev.tallyman.report.Reports.ZLIB;
import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.contracts.Topics;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.ReportTestSupport.Response;
import dev.tallyman.report.index.DocumentIds;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole service against a real Kafka and a real Elasticsearch: FindingsReport protobufs in,
 * searchable findings out, bad records in the dead-letter topic.
 */
class FindingsPipelineTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static EmbeddedServer server;
  private static KafkaProducer<String, byte[]> producer;
  private static String bootstrap;
  private static String topic;
  private static String base;

  private static final String D1 = digest("debian-" + UUID.randomUUID());
  private static final String D2 = digest("app-" + UUID.randomUUID());

  static final FindingsReport DEBIAN =
      report(D1, "127.0.0.1:5000", "library/debian", "12")
          .addFindings(
              finding(
                  "CVE-2024-0727",
                  Severity.SEVERITY_HIGH,
                  5.5,
                  "3.0.13-1~deb12u1",
                  OPENSSL,
                  "DSA-5621-1"))
          .addFindings(finding("CVE-2023-45853", Severity.SEVERITY_CRITICAL, 9.8, "", ZLIB))
          .addFindings(finding("CVE-2022-3715", Severity.SEVERITY_LOW, 3.3, "", BASH))
          .build();
  static final FindingsReport APP =
      report(D2, "127.0.0.1:5000", "team/app", "v1")
          .addFindings(
              finding(
                  "CVE-2024-0727",
                  Severity.SEVERITY_HIGH,
                  5.5,
                  "3.0.13-1~deb12u1",
                  OPENSSL,
                  "DSA-5621-1"))
          .addFindings(
              finding("CVE-2023-38545", Severity.SEVERITY_MEDIUM, 6.1, "7.88.1-10+deb12u4", CURL))
          .build();

  @BeforeAll
  static void start() throws Exception {
    ReportService service = ReportService.start("rpt");
    server = service.server();
    bootstrap = service.bootstrap();
    topic = service.topics().findings();
    base = service.base();
    producer = ReportTestSupport.producer(bootstrap);
    ReportTestSupport.publish(producer, topic, DEBIAN);
    ReportTestSupport.publish(producer, topic, APP);
    await().atMost(WAIT).until(() -> total("digest=" + D1) == 3 && total("digest=" + D2) == 2);
  }

  @AfterAll
  static void stop() {
    ReportTestSupport.stop(producer, server);
  }

  @Test
  void filtersByDigestRepositoryAndPackage() {
    assertThat(total("digest=" + D1)).isEqualTo(3);
    assertThat(total("digest=" + D2)).isEqualTo(2);
    assertThat(total("repository=team/app")).isEqualTo(2);
    assertThat(total("repository=" + enc("127.0.0.1:5000/library/debian"))).isEqualTo(3);
    assertThat(total("package=zlib1g")).isEqualTo(1);
    assertThat(total("purl=" + enc(CURL.getPurl()))).isEqualTo(1);
    assertThat(total("package=openssl&digest=" + D2)).isEqualTo(1);
    assertThat(total("package=nothing-like-this")).isZero();
  }

  @Test
  void filtersByVulnerabilityIdOrAliasInAnyCase() {
    assertThat(total("vulnerability=CVE-2024-0727")).isEqualTo(2);
    assertThat(total("vulnerability=cve-2024-0727")).isEqualTo(2);
    assertThat(total("vulnerability=dsa-5621-1")).isEqualTo(2);
    assertThat(total("vulnerability=CVE-2023-38545")).isEqualTo(1);
  }

  @Test
  void filtersBySeverities() {
    assertThat(total("severity=critical")).isEqualTo(1);
    assertThat(total("severity=critical&severity=high")).isEqualTo(3);
    assertThat(total("severity=low,medium")).isEqualTo(2);
  }

  @Test
  void rendersTheFullFindingShape() {
    JsonNode item = search("vulnerability=CVE-2024-0727&digest=" + D1).at("/items/0");
    assertThat(item.at("/id").asText())
        .isEqualTo(DocumentIds.of(D1, "CVE-2024-0727", OPENSSL.getPurl(), OPENSSL.getPath()));
    assertThat(item.at("/vulnerability/id").asText()).isEqualTo("CVE-2024-0727");
    assertThat(item.at("/vulnerability/aliases/0").asText()).isEqualTo("DSA-5621-1");
    assertThat(item.at("/vulnerability/severity").asText()).isEqualTo("high");
    assertThat(item.at("/vulnerability/score").asDouble()).isEqualTo(5.5);
    assertThat(item.at("/vulnerability/fixed_version").asText()).isEqualTo("3.0.13-1~deb12u1");
    assertThat(item.at("/vulnerability/description").asText())
        .isEqualTo("summary of CVE-2024-0727");
    assertThat(item.at("/package/name").asText()).isEqualTo("openssl");
    assertThat(item.at("/package/version").asText()).isEqualTo(OPENSSL.getVersion());
    assertThat(item.at("/package/type").asText()).isEqualTo("Debian");
    assertThat(item.at("/package/purl").asText()).isEqualTo(OPENSSL.getPurl());
    assertThat(item.at("/package/path").asText()).isEqualTo("var/lib/dpkg/status");
    assertThat(item.at("/image/digest").asText()).isEqualTo(D1);
    assertThat(item.at("/image/registry").asText()).isEqualTo("127.0.0.1:5000");
    assertThat(item.at("/image/repository").asText()).isEqualTo("library/debian");
    assertThat(item.at("/image/tags/0").asText()).isEqualTo("12");
    assertThat(item.at("/image/platform").asText()).isEqualTo("linux/amd64");
    assertThat(item.at("/layer/diff_id").asText()).isEqualTo(OPENSSL.getLayerDiffId());
    assertThat(item.at("/layer/created_by").asText()).isEqualTo(OPENSSL.getLayerCreatedBy());

    Response one = get(base + "/v1/findings/" + item.at("/id").asText());
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json()).isEqualTo(item);
  }

  @Test
  void pagesAreSortedBySeverityAndNeverOverlap() {
    JsonNode first = search("digest=" + D1 + "&size=2&page=0");
    JsonNode second = search("digest=" + D1 + "&size=2&page=1");
    assertThat(first.at("/total").asInt()).isEqualTo(3);
    assertThat(first.at("/page").asInt()).isZero();
    assertThat(first.at("/size").asInt()).isEqualTo(2);
    assertThat(second.at("/page").asInt()).isEqualTo(1);
    assertThat(first.at("/items")).hasSize(2);
    assertThat(second.at("/items")).hasSize(1);
    assertThat(first.at("/items/0/vulnerability/severity").asText()).isEqualTo("critical");
    assertThat(first.at("/items/1/vulnerability/severity").asText()).isEqualTo("high");
    assertThat(second.at("/items/0/vulnerability/severity").asText()).isEqualTo("low");
    Set<String> ids = new HashSet<>();
    for (JsonNode page : List.of(first, second)) {
      page.at("/items").forEach(i -> ids.add(i.at("/id").asText()));
    }
    assertThat(ids).hasSize(3);
    assertThat(search("digest=" + D1 + "&size=2&page=2").at("/items")).isEmpty();
  }

  @Test
  void replayingAReportKeepsTheCountAndAddsNewTags() throws Exception {
    ReportTestSupport.publish(producer, topic, DEBIAN);
    FindingsReport retagged =
        DEBIAN.toBuilder().setLocation(DEBIAN.getLocation().toBuilder().setTag("bookworm")).build();
    ReportTestSupport.publish(producer, topic, retagged);
    // same key -> same partition -> processed after the replay
    await().atMost(WAIT).until(() -> search("digest=" + D1).at("/items/0/image/tags").size() == 2);
    JsonNode page = search("digest=" + D1);
    assertThat(page.at("/total").asInt()).isEqualTo(3);
    assertThat(total("digest=" + D2)).isEqualTo(2);
    page.at("/items")
        .forEach(
            i -> assertThat(i.at("/image/tags").toString()).isEqualTo("[\"12\",\"bookworm\"]"));
  }

  @Test
  void aNewerReportFixesFindingsItNoLongerLists() throws Exception {
    String d3 = digest("stale-" + UUID.randomUUID());
    FindingsReport old =
        report(d3, "127.0.0.1:5000", "stale/app", "1")
            .setReportId("stale-old")
            .addFindings(finding("CVE-2020-1", Severity.SEVERITY_HIGH, 7, "", BASH))
            .addFindings(finding("CVE-2020-2", Severity.SEVERITY_LOW, 2, "", CURL))
            .build();
    ReportTestSupport.publish(producer, topic, old);
    await().atMost(WAIT).until(() -> total("digest=" + d3) == 2);

    // advisories changed: CVE-2020-2 was withdrawn, CVE-2020-3 is new; sent in two parts
    FindingsReport part0 =
        old.toBuilder()
            .clearFindings()
            .setReportId("stale-new")
            .setGeneratedAt(
                com.google.protobuf.Timestamp.newBuilder()
                    .setSeconds(old.getGeneratedAt().getSeconds() + 60))
            .setPart(0)
            .setPartCount(2)
            .addFindings(finding("CVE-2020-1", Severity.SEVERITY_HIGH, 7, "", BASH))
            .build();
    FindingsReport part1 =
        part0.toBuilder()
            .clearFindings()
            .setPart(1)
            .addFindings(finding("CVE-2020-3", Severity.SEVERITY_MEDIUM, 5, "", CURL))
            .build();
    ReportTestSupport.publish(producer, topic, part0);
    ReportTestSupport.publish(producer, topic, part1);

    await().atMost(WAIT).until(() -> total("digest=" + d3 + "&vulnerability=CVE-2020-2") == 0);
    JsonNode page = search("digest=" + d3);
    List<String> vulns = new ArrayList<>();
    page.at("/items").forEach(i -> vulns.add(i.at("/vulnerability/id").asText()));
    assertThat(vulns).containsExactlyInAnyOrder("CVE-2020-1", "CVE-2020-3");
    // the withdrawn one is kept as fixed, no longer deleted
    JsonNode fixed = search("digest=" + d3 + "&q=status%3Afixed");
    assertThat(fixed.at("/total").asInt()).isEqualTo(1);
    assertThat(fixed.at("/items/0/vulnerability/id").asText()).isEqualTo("CVE-2020-2");
    assertThat(fixed.at("/items/0/lifecycle/fixed_at").asText())
        .isEqualTo(
            java.time.Instant.ofEpochSecond(old.getGeneratedAt().getSeconds() + 60).toString());

    // an empty report (nothing affects the image any more) clears it
    ReportTestSupport.publish(
        producer,
        topic,
        old.toBuilder()
            .clearFindings()
            .setReportId("stale-clean")
            .setGeneratedAt(
                com.google.protobuf.Timestamp.newBuilder()
                    .setSeconds(old.getGeneratedAt().getSeconds() + 120))
            .build());
    await().atMost(WAIT).until(() -> total("digest=" + d3) == 0);
  }

  @Test
  void badParametersAre400WithAReason() {
    Response severity = badRequest(base + "/v1/findings?severity=severe");
    assertThat(severity.json().at("/reason").asText()).contains("unknown severity 'severe'");
    Response size = badRequest(base + "/v1/findings?size=1000");
    assertThat(size.json().at("/reason").asText()).contains("size must be between 1 and 500");
    Response page = badRequest(base + "/v1/findings?page=abc");
    assertThat(page.body()).contains("page");
    Response digest = badRequest(base + "/v1/findings?digest=latest");
    assertThat(digest.json().at("/reason").asText()).contains("OCI digest");
    assertThat(get(base + "/v1/findings/not-an-id").status()).isEqualTo(400);
    assertThat(get(base + "/v1/findings/" + "0".repeat(64)).status()).isEqualTo(404);
  }

  @Test
  void garbageGoesToTheDeadLetterTopicWithTheCause() throws Exception {
    String key = "garbage-" + UUID.randomUUID();
    ReportTestSupport.publishRaw(
        producer, topic, key, "this is not a protobuf".getBytes(StandardCharsets.UTF_8));
    FindingsReport noDigest = report(D1, "r", "x", "t").setImageDigest("latest").build();
    ReportTestSupport.publishRaw(producer, topic, key, noDigest.toByteArray());

    List<ConsumerRecord<String, byte[]>> parked = parkedWithKey(key, 2);

    assertThat(parked).hasSize(2);
    assertThat(header(parked.get(0), KafkaHeaders.DLQ_ERROR_CLASS)).endsWith("PermanentFailure");
    assertThat(header(parked.get(0), KafkaHeaders.DLQ_ERROR_MESSAGE))
        .contains("not a FindingsReport protobuf");
    assertThat(header(parked.get(0), KafkaHeaders.DLQ_SOURCE_TOPIC)).isEqualTo(topic);
    assertThat(new String(parked.get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo("this is not a protobuf");
    assertThat(header(parked.get(1), KafkaHeaders.DLQ_ERROR_MESSAGE)).contains("image_digest");
  }

  @Test
  void aDocumentElasticsearchRejectsIsDeadLetteredWithItsReason() throws Exception {
    String key = D2; // keeps it on the partition of a good report
    FindingsReport farFuture =
        report(digest("future-" + UUID.randomUUID()), "r", "future", "t")
            .setGeneratedAt(Timestamp.newBuilder().setSeconds(9_000_000_000_000L))
            .addFindings(finding("CVE-2099-1", Severity.SEVERITY_LOW, 1, "", BASH))
            .build();
    ReportTestSupport.publishRaw(producer, topic, key, farFuture.toByteArray());

    List<ConsumerRecord<String, byte[]>> parked = parkedWithKey(key, 1);

    assertThat(parked).hasSize(1);
    assertThat(header(parked.get(0), KafkaHeaders.DLQ_ERROR_MESSAGE))
        .contains("Elasticsearch rejected document")
        .contains("of type [date]"); // @timestamp or generated_at, whichever is parsed first
    assertThat(total("repository=future")).isZero();
  }

  @Test
  void servesTheOpenApiDocumentAndHealth() {
    Response doc = get(base + "/openapi");
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.body()).contains("/v1/findings").contains("FindingView");
    assertThat(get(base + "/swagger/tallyman-report.yml").body()).isEqualTo(doc.body());
    Response health = get(base + "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
  }

  private static List<ConsumerRecord<String, byte[]>> parkedWithKey(String key, int count) {
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              found.clear();
              ReportTestSupport.read(bootstrap, Topics.dlq(topic), 100, Duration.ofSeconds(3))
                  .stream()
                  .filter(r -> key.equals(r.key()))
                  .forEach(found::add);
              return found.size() >= count;
            });
    return found;
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static JsonNode search(String query) {
    Response r = get(base + "/v1/findings?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static int total(String query) {
    return search(query).at("/total").asInt();
  }
}
