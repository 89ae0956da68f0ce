package dev.tallyman.report.lifecycle;

import static dev.tallyman.report.ReportTestSupport.get;
import static dev.tallyman.report.Reports.CURL;
import static dev.tallyman.report.Reports.OPENSSL;
import static dev.tallyman.report.Reports.ZLIB;
import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.ReportService;
import dev.tallyman.report.ReportTestSupport;
import dev.tallyman.report.ReportTestSupport.Response;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three reports of one digest over time against a real Kafka and Elasticsearch: the lifecycle
 * (open, fixed, reopened), the history ("affected at T"), the images index, and that replaying the
 * topic from the start (another consumer group on the same indices) changes no document, and that
 * rebuilding into fresh indices yields the same documents.
 */
class LifecycleReplayTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String D = digest("life-" + UUID.randomUUID());
  private static final long T1 = 1_700_000_000L;
  private static final long T2 = T1 + 86_400;
  private static final long T3 = T2 + 86_400;

  private static ReportService service;
  private static String bootstrap;
  private static String indexPrefix;
  private static EmbeddedServer server;
  private static String base;

  static FindingsReport at(long seconds, String id, FindingsReport.Builder b) {
    return b.setGeneratedAt(Timestamp.newBuilder().setSeconds(seconds))
        .setReportId(id)
        .setPackageCount(42)
        .build();
  }

  /**
   * T1: openssl + zlib. T2: openssl + curl (zlib fixed). T3: openssl + zlib (reopened, curl fixed).
   */
  static final List<FindingsReport> REPORTS =
      List.of(
          at(
              T1,
              "r1",
              report(D, "127.0.0.1:5000", "life/app", "1")
                  .addFindings(
                      finding("CVE-2024-0727", Severity.SEVERITY_HIGH, 5.5, "3.0.13", OPENSSL))
                  .addFindings(
                      finding("CVE-2023-45853", Severity.SEVERITY_CRITICAL, 9.8, "", ZLIB))),
          at(
              T2,
              "r2",
              report(D, "127.0.0.1:5000", "life/app", "2")
                  .addFindings(
                      finding("CVE-2024-0727", Severity.SEVERITY_HIGH, 5.5, "3.0.13", OPENSSL))
                  .addFindings(
                      finding("CVE-2023-38545", Severity.SEVERITY_MEDIUM, 6.1, "7.88.1", CURL))),
          at(
              T3,
              "r3",
              report(D, "127.0.0.1:5000", "life/app", "3")
                  .addFindings(
                      finding("CVE-2024-0727", Severity.SEVERITY_HIGH, 5.5, "3.0.13", OPENSSL))
                  .addFindings(
                      finding("CVE-2023-45853", Severity.SEVERITY_CRITICAL, 9.8, "", ZLIB))));

  @BeforeAll
  static void start() throws Exception {
    service = ReportService.start("lc");
    bootstrap = service.bootstrap();
    indexPrefix = service.indexPrefix();
    server = service.server();
    base = service.base();
    try (KafkaProducer<String, byte[]> producer = ReportTestSupport.producer(bootstrap)) {
      for (FindingsReport r : REPORTS) {
        ReportTestSupport.publish(producer, service.topics().findings(), r);
      }
    }
    await().atMost(WAIT).until(() -> reportOf(server, indexPrefix).equals("r3"));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aNewerReportFixesAbsentFindingsAndReopensReturningOnes() {
    Map<String, JsonNode> byVuln = new TreeMap<>();
    JsonNode all = findings("q=status:*&size=50");
    all.at("/items").forEach(i -> byVuln.put(i.at("/vulnerability/id").asText(), i));
    assertThat(all.at("/total").asInt()).isEqualTo(3);
    // the default search shows active findings only
    assertThat(findings("size=50").at("/total").asInt()).isEqualTo(2);
    assertThat(findings("q=status:fixed").at("/total").asInt()).isEqualTo(1);
    assertThat(findings("q=status:fixed").at("/items/0/vulnerability/id").asText())
        .isEqualTo("CVE-2023-38545");
    assertThat(findings("q=status:reopened").at("/items/0/vulnerability/id").asText())
        .isEqualTo("CVE-2023-45853");
    assertThat(findings("q=status:open").at("/items/0/vulnerability/id").asText())
        .isEqualTo("CVE-2024-0727");

    Map<String, Object> zlib = source("CVE-2023-45853");
    assertThat(field(zlib, "tallyman.finding.first_seen")).isEqualTo(iso(T1));
    assertThat(field(zlib, "tallyman.finding.status_since")).isEqualTo(iso(T3));
    assertThat(field(zlib, "tallyman.finding.fixed_at")).isNull();
    Map<String, Object> curl = source("CVE-2023-38545");
    assertThat(field(curl, "tallyman.finding.status")).isEqualTo("fixed");
    assertThat(field(curl, "tallyman.finding.fixed_at")).isEqualTo(iso(T3));
    assertThat(field(curl, "tallyman.finding.fixed_by")).isEqualTo("r3");
    assertThat(field(curl, "tallyman.finding.last_seen")).isEqualTo(iso(T2));
  }

  @Test
  void historyAnswersWhetherTheDigestWasAffectedAtAnInstant() {
    String url = base + "/v1/images/" + D + "/findings?vulnerability=CVE-2023-45853&at=";
    // before the first report, while open, after the fix, after it came back
    assertThat(get(url + iso(T1 - 1)).json().at("/affected").asBoolean()).isFalse();
    assertThat(get(url + iso(T1 + 3600)).json().at("/affected").asBoolean()).isTrue();
    assertThat(get(url + iso(T2 + 3600)).json().at("/affected").asBoolean()).isFalse();
    JsonNode back = get(url + iso(T3 + 1)).json();
    assertThat(back.at("/affected").asBoolean()).isTrue();
    assertThat(back.at("/findings/0/status").asText()).isEqualTo("reopened");
    // everything active on day 2: openssl and curl
    JsonNode day2 = get(base + "/v1/images/" + D + "/findings?at=" + iso(T2 + 60)).json();
    assertThat(day2.at("/findings").size()).isEqualTo(2);
    assertThat(day2.at("/findings").toString())
        .contains("CVE-2023-38545")
        .contains("CVE-2024-0727");
    assertThat(get(base + "/v1/images/" + D + "/findings?at=yesterday").status()).isEqualTo(400);
  }

  @Test
  void theImagesIndexHoldsTheLatestCountsAndTheScanStatus() throws Exception {
    Response r = get(base + "/v1/scans/" + D);
    assertThat(r.status()).isEqualTo(200);
    JsonNode idx = r.json().at("/stages/indexing");
    assertThat(idx.at("/status").asText()).isEqualTo("indexed");
    assertThat(idx.at("/reportId").asText()).isEqualTo("r3");
    assertThat(idx.at("/firstAnalyzed").asText()).isEqualTo(iso(T1));
    assertThat(idx.at("/lastAnalyzed").asText()).isEqualTo(iso(T3));
    assertThat(idx.at("/packages").asInt()).isEqualTo(42);
    assertThat(idx.at("/activeFindings").asInt()).isEqualTo(2);
    assertThat(idx.at("/severities/critical").asInt()).isEqualTo(1);
    assertThat(idx.at("/severities/high").asInt()).isEqualTo(1);
    assertThat(idx.at("/severities/medium").asInt()).isZero();
    Map<String, Object> image = dump(server, indexPrefix + "-images").values().iterator().next();
    assertThat(field(image, "container.image.tag").toString())
        .contains("1")
        .contains("2")
        .contains("3");
    assertThat(get(base + "/v1/scans/" + digest("never")).status()).isEqualTo(404);
  }

  @Test
  void replayingTheTopicOrRebuildingChangesNoDocument() throws Exception {
    Map<String, Map<String, Object>> findings = dump(server, indexPrefix);
    Map<String, Map<String, Object>> history = dump(server, indexPrefix + "-history");
    Map<String, Map<String, Object>> images = dump(server, indexPrefix + "-images");
    assertThat(findings).hasSize(3);
    // open x3, fixed zlib, fixed curl, reopened zlib
    assertThat(history).hasSize(6);

    String topics = service.topicPrefix();
    // replay: a new consumer group reads the topic from the start into the same indices
    try (ReportService replay =
            ReportService.start(
                "lc-replay",
                Map.of(
                    "tallyman.topics.prefix",
                    topics,
                    "tallyman.report.index-prefix",
                    indexPrefix));
        // rebuild: another group into fresh indices
        ReportService rebuild =
            ReportService.start("lc-rebuild", Map.of("tallyman.topics.prefix", topics))) {
      String fresh = rebuild.indexPrefix();
      await().atMost(WAIT).until(() -> reportOf(rebuild.server(), fresh).equals("r3"));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  ReportTestSupport.committed(bootstrap, replay.group()).values().stream()
                          .mapToLong(Long::longValue)
                          .sum()
                      >= REPORTS.size());
      assertThat(dump(server, indexPrefix)).isEqualTo(findings);
      assertThat(dump(server, indexPrefix + "-history")).isEqualTo(history);
      assertThat(dump(server, indexPrefix + "-images")).isEqualTo(images);
      assertThat(dump(rebuild.server(), fresh)).isEqualTo(findings);
      assertThat(dump(rebuild.server(), fresh + "-history")).isEqualTo(history);
      assertThat(dump(rebuild.server(), fresh + "-images")).isEqualTo(images);
    }
  }

  private static String reportOf(EmbeddedServer s, String prefix) {
    try {
      Map<String, Map<String, Object>> images = dump(s, prefix + "-images");
      return images.isEmpty()
          ? ""
          : String.valueOf(field(images.values().iterator().next(), "tallyman.report.id"));
    } catch (Exception e) {
      return "";
    }
  }

  /** Every document of an alias by id, after a refresh. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Map<String, Map<String, Object>> dump(EmbeddedServer s, String alias) throws Exception {
    ElasticsearchClient c = s.getApplicationContext().getBean(ElasticsearchClient.class);
    c.indices().refresh(r -> r.index(alias));
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Hit<Map> h : c.search(x -> x.index(alias).size(1000), Map.class).hits().hits()) {
      out.put(h.id(), h.source());
    }
    return out;
  }

  private Map<String, Object> source(String vuln) {
    try {
      return dump(server, indexPrefix).values().stream()
          .filter(d -> vuln.equals(field(d, "vulnerability.id")))
          .findFirst()
          .orElseThrow();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Object field(Map<String, ?> doc, String path) {
    return dev.tallyman.report.index.FindingDocuments.get(doc, path);
  }

  private static JsonNode findings(String query) {
    Response r = get(base + "/v1/findings?" + query.replace(":", "%3A"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static String iso(long seconds) {
    return java.time.Instant.ofEpochSecond(seconds).toString();
  }
}
