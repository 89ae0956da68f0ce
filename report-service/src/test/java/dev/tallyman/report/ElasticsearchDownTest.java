package dev.tallyman.report;

import static dev.tallyman.report.ReportTestSupport.get;
import static dev.tallyman.report.Reports.digest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.deploy.Ports;
import dev.tallyman.report.ReportTestSupport.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every question endpoint answers 503 with a reason while Elasticsearch cannot be reached. */
class ElasticsearchDownTest {
  private static final String D = digest("down");
  private static ReportService service;
  private static String base;

  @BeforeAll
  static void start() {
    // a port nothing listens on: connections are refused at once
    int closed = Ports.free();
    service =
        ReportService.start("dn", Map.of("elasticsearch.httpHosts", "http://127.0.0.1:" + closed));
    base = service.base();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/findings/facets?by=severity",
        "/v1/vulnerabilities/CVE-2024-0727/images",
        "/v1/packages?name=openssl",
        "/v1/images/" + "DIGEST",
        "/v1/images/DIGEST/findings.sarif",
        "/v1/images/DIGEST/findings.csv"
      })
  void answers503WithAReason(String path) {
    Response r = get(base + path.replace("DIGEST", D));
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.json().at("/status").asInt()).isEqualTo(503);
    assertThat(r.json().at("/reason").asText()).contains("Elasticsearch");
  }
}
