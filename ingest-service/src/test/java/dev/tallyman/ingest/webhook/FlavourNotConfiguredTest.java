package dev.tallyman.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every flavour endpoint without its secret refuses with 503 before reading anything. */
class FlavourNotConfiguredTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @ParameterizedTest
  @ValueSource(strings = {"harbor", "quay", "dockerhub", "artifactory"})
  void unconfiguredFlavourAnswers503(String flavour) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put("kafka.bootstrap.servers", "127.0.0.1:" + deadPort());
    props.put("kafka.health.enabled", false);
    props.put("tallyman.topics.create", false);
    props.put("micronaut.server.port", -1);
    // a secret for one flavour must not open another; artifactory also needs its registry
    props.put("tallyman.ingest.webhook-token", "distribution-only");
    props.put("tallyman.ingest.artifactory.secret", flavour.equals("artifactory") ? "" : "x");
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      server.getURI().resolve("/v1/webhooks/" + flavour + "?token=x"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "distribution-only")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains(flavour + " webhook not configured");
    }
  }

  private static int deadPort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
