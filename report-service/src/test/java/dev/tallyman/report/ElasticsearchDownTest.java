package dev.tallyman.report;

import static dev.tallyman.report.ReportTestSupport.get;
import static dev.tallyman.report.Reports.digest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.deploy.Ports;
import dev.tallyman.deploy.TestStack;
import dev.tallyman.report.ReportTestSupport.Response;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every question endpoint answers 503 with a reason while Elasticsearch cannot be reached. */
class ElasticsearchDownTest {
  private static final String D = digest("down");
  private static EmbeddedServer server;
  private static String base;

  @BeforeAll
  static void start() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    // a port nothing listens on: connections are refused at once
    int closed = Ports.free();
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port", -1,
                "kafka.bootstrap.servers", TestStack.kafka().bootstrapServers(),
                "elasticsearch.httpHosts", "http://127.0.0.1:" + closed,
                "tallyman.topics.prefix", "dn" + id,
                "tallyman.report.index-prefix", "dn-" + id + "-findings",
                "tallyman.report.consumer-group", "dn-" + id));
    base = server.getURL().toString();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.getApplicationContext().close();
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
