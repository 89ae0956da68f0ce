package dev.tallyman.report;

import static dev.tallyman.report.ReportTestSupport.get;
import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tallyman.deploy.Dirs;
import dev.tallyman.deploy.LocalElasticsearch;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.ReportTestSupport.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch goes down while findings arrive: the consumer must not commit past what is not
 * indexed, search must say 503, and once Elasticsearch is back everything shows up.
 */
class ElasticsearchOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static LocalElasticsearch es;
  private static ReportService service;
  private static KafkaProducer<String, byte[]> producer;
  private static Path workDir;
  private static String bootstrap;
  private static String topic;
  private static String group;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    workDir = Files.createTempDirectory(Path.of("/tmp"), "report-es-outage-");
    Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    es = LocalElasticsearch.start(workDir);
    service =
        ReportService.start(
            "out",
            Map.of(
                "elasticsearch.httpHosts", es.httpUrl(), "tallyman.report.retry-max-delay", "1s"));
    bootstrap = service.bootstrap();
    topic = service.topics().findings();
    group = service.group();
    base = service.base();
    producer = ReportTestSupport.producer(bootstrap);
  }

  @AfterAll
  static void stop() {
    ReportTestSupport.stop(producer, service);
    if (es != null) {
      es.close();
    }
    Dirs.deleteTree(workDir);
  }

  @Test
  void nothingIsCommittedOrLostWhileElasticsearchIsDown() throws Exception {
    String key = digest("outage-" + UUID.randomUUID());
    FindingsReport before = reportFor(key, "CVE-2024-0001");
    RecordMetadata first = ReportTestSupport.publish(producer, topic, before);
    TopicPartition tp = new TopicPartition(topic, first.partition());
    await().atMost(WAIT).until(() -> total("vulnerability=CVE-2024-0001") == 1);
    await().atMost(WAIT).until(() -> committed(tp) == first.offset() + 1);

    es.stop();
    RecordMetadata second =
        ReportTestSupport.publish(producer, topic, reportFor(key, "CVE-2024-0002"));
    assertThat(second.partition()).isEqualTo(first.partition());

    Response down = get(base + "/v1/findings");
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.json().at("/reason").asText()).contains("Elasticsearch");
    // the listener is retrying now; give it several attempts to (wrongly) commit
    Thread.sleep(8_000);
    assertThat(committed(tp)).isEqualTo(first.offset() + 1);

    es.restart();
    await().atMost(WAIT).until(() -> total("vulnerability=CVE-2024-0002") == 1);
    await().atMost(WAIT).until(() -> committed(tp) == second.offset() + 1);
    // nothing lost: the second report is indexed, and (being the newer report for the digest) it
    // marks the first one's findings fixed (hidden from the default search) once indexed
    await().atMost(WAIT).until(() -> total("digest=" + key) == 1);
    assertThat(total("vulnerability=CVE-2024-0002&digest=" + key)).isEqualTo(1);
    assertThat(total("vulnerability=CVE-2024-0001&digest=" + key)).isZero();
  }

  private static FindingsReport reportFor(String digest, String vuln) {
    return report(digest, "127.0.0.1:5000", "outage/app", "1")
        .setReportId("report-" + vuln)
        .addFindings(finding(vuln, Severity.SEVERITY_HIGH, 7, "", pkg("libfoo", "1.0")))
        .build();
  }

  private static long committed(TopicPartition tp) throws Exception {
    return ReportTestSupport.committed(bootstrap, group).getOrDefault(tp, -1L);
  }

  private static int total(String query) {
    Response r = get(base + "/v1/findings?" + query);
    return r.status() == 200 ? r.json().at("/total").asInt() : -1;
  }
}
