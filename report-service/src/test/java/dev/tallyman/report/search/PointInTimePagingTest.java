package dev.tallyman.report.search;

import static dev.tallyman.report.ReportTestSupport.badRequest;
import static dev.tallyman.report.ReportTestSupport.get;
import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.ReportService;
import dev.tallyman.report.ReportTestSupport;
import dev.tallyman.report.ReportTestSupport.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * search_after on a point in time while indexing goes on: new findings, a newer report that fixes
 * some, none of it shifts or changes the pages of a search already started; the query language and
 * bad cursors answer as documented.
 */
class PointInTimePagingTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String D1 = digest("pit-" + UUID.randomUUID());
  private static final String D2 = digest("pit2-" + UUID.randomUUID());
  private static ReportService service;
  private static KafkaProducer<String, byte[]> producer;
  private static String topic;
  private static String base;

  static FindingsReport reportOf(String d, String id, long at, int from, int to) {
    FindingsReport.Builder b =
        report(d, "127.0.0.1:5000", "pit/app", "1")
            .setReportId(id)
            .setGeneratedAt(Timestamp.newBuilder().setSeconds(at));
    for (int i = from; i < to; i++) {
      b.addFindings(
          finding(
              "CVE-2024-" + (1000 + i),
              i % 3 == 0 ? Severity.SEVERITY_CRITICAL : Severity.SEVERITY_MEDIUM,
              i % 10,
              i % 2 == 0 ? "2.0" : "",
              pkg("lib" + i, "1.0")));
    }
    return b.build();
  }

  @BeforeAll
  static void start() throws Exception {
    service = ReportService.start("pit");
    base = service.base();
    producer = ReportTestSupport.producer(service.bootstrap());
    topic = service.topics().findings();
    ReportTestSupport.publish(producer, topic, reportOf(D1, "a1", 1_700_000_000L, 0, 25));
    await().atMost(WAIT).until(() -> total("") == 25);
  }

  @AfterAll
  static void stop() {
    ReportTestSupport.stop(producer, service);
  }

  @Test
  void pagesStayStableWhileIndexingContinues() throws Exception {
    Set<String> before = new LinkedHashSet<>();
    get(base + "/v1/findings?size=100")
        .json()
        .at("/items")
        .forEach(i -> before.add(i.at("/id").asText()));

    List<String> seen = new ArrayList<>();
    JsonNode page = page("*");
    page.at("/items").forEach(i -> seen.add(i.at("/id").asText()));
    assertThat(page.at("/total").asInt()).isEqualTo(25);

    // meanwhile: another image, and a newer report of D1 that fixes 5 findings and adds 3
    ReportTestSupport.publish(producer, topic, reportOf(D2, "b1", 1_700_000_100L, 100, 110));
    ReportTestSupport.publish(producer, topic, reportOf(D1, "a2", 1_700_000_200L, 5, 28));
    await().atMost(WAIT).until(() -> total("") == 25 - 5 + 3 + 10);

    while (!page.at("/next").isNull() && !page.at("/next").isMissingNode()) {
      page = page(page.at("/next").asText());
      assertThat(page.at("/total").asInt()).isEqualTo(25);
      page.at("/items").forEach(i -> seen.add(i.at("/id").asText()));
    }
    assertThat(seen).hasSize(25).doesNotHaveDuplicates();
    assertThat(new LinkedHashSet<>(seen)).isEqualTo(before);
  }

  @Test
  void theQueryLanguageAndSortWorkThroughHttp() {
    assertThat(total("&q=" + enc("severity:critical AND fixable:true AND repository:pit/*")))
        .isPositive();
    JsonNode sorted =
        get(base + "/v1/findings?size=5&sort=" + enc("cvss:asc,vulnerability:desc")).json();
    double prev = -1;
    for (JsonNode i : sorted.at("/items")) {
      double s = i.at("/vulnerability/score").asDouble(0);
      assertThat(s).isGreaterThanOrEqualTo(prev);
      prev = s;
    }
    Response bad =
        badRequest(base + "/v1/findings?q=" + enc("severity:critical AND (fixable:true"));
    assertThat(bad.json().at("/reason").asText())
        .isEqualTo("q: at position 22: '(' is never closed");
    assertThat(get(base + "/v1/findings?sort=color").json().at("/reason").asText())
        .contains("cannot sort by 'color'");
    assertThat(get(base + "/v1/findings?cursor=bm90LWEtY3Vyc29y").status()).isEqualTo(400);
    assertThat(get(base + "/v1/findings?cursor=*&page=2").status()).isEqualTo(400);
  }

  private static JsonNode page(String cursor) {
    Response r =
        get(base + "/v1/findings?size=7&q=" + enc("digest:" + D1) + "&cursor=" + enc(cursor));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static int total(String query) {
    Response r = get(base + "/v1/findings?size=1" + query);
    return r.status() == 200 ? r.json().at("/total").asInt() : -1;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
