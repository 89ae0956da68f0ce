package dev.tallyman.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLayoutTest {
  @TempDir Path tmp;

  @Test
  void servicesGetTheWholeWiring() {
    Path repo = tmp.resolve("main");
    Map<String, String> env = StackLayout.defaults().serviceEnv(repo, "tok", Map.of());
    assertThat(env)
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
        .containsEntry("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
        .containsEntry("INGEST_HTTP_PORT", "8081")
        .containsEntry("ANALYZER_HTTP_PORT", "8082")
        .containsEntry("ADVISORY_HTTP_PORT", "8083")
        .containsEntry("ADVISORY_GRPC_PORT", "50051")
        .containsEntry("REPORT_HTTP_PORT", "8084")
        .containsEntry("ADVISORY_GRPC_ADDRESS", "127.0.0.1:50051")
        .containsEntry("TALLYMAN_WEBHOOK_TOKEN", "tok")
        .containsEntry("TALLYMAN_REGISTRY_INSECURE", "127.0.0.1:5000")
        // no deploy/advisories/debian in this repo: only the shared GHSA data
        .containsEntry(
            "TALLYMAN_ADVISORIES_PATHS", tmp.resolve("shared/data/advisories/osv/ghsa").toString());
  }

  @Test
  void debianAdvisoriesAreAddedWhenPresentAndTheEnvironmentWins() throws Exception {
    Path repo = tmp.resolve("main");
    Files.createDirectories(repo.resolve("deploy/advisories/debian"));
    assertThat(StackLayout.defaultAdvisoryPaths(repo))
        .isEqualTo(
            tmp.resolve("shared/data/advisories/osv/ghsa")
                + ","
                + repo.resolve("deploy/advisories/debian"));
    Map<String, String> env =
        StackLayout.defaults().serviceEnv(repo, "t", Map.of("TALLYMAN_ADVISORIES_PATHS", "/a,/b"));
    assertThat(env).containsEntry("TALLYMAN_ADVISORIES_PATHS", "/a,/b");
  }

  @Test
  void portsRoundTripThroughStackProperties() {
    StackLayout d = StackLayout.defaults();
    StackLayout custom =
        new StackLayout(
            19092,
            19093,
            19200,
            19300,
            15000,
            d.ingestPort(),
            d.analyzerPort(),
            d.advisoryPort(),
            d.advisoryGrpcPort(),
            d.reportPort());
    assertThat(StackLayout.fromProperties(custom.toProperties())).isEqualTo(custom);
    assertThat(custom.webhookUrl()).isEqualTo("http://127.0.0.1:8081/v1/webhooks/distribution");
    assertThat(custom.infraPorts()).containsKeys(19092, 19093, 19200, 19300, 15000);
  }

  @Test
  void stopOrderPutsServicesFirstAndUnknownPartsBeforeThem() {
    assertThat(StackParts.stopOrder(StackLayout.defaults(), java.util.List.of("kafka", "extra")))
        .containsExactly(
            "extra",
            "ingest-service",
            "analyzer-service",
            "report-service",
            "advisory-service",
            "registry",
            "elasticsearch",
            "elasticsearch-node",
            "kafka");
  }
}
