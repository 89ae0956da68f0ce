package dev.tallyman.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The answers that make a registry retry later: no token configured, and Kafka not reachable (a
 * real closed port on 127.0.0.1, not a mock).
 */
class DistributionWebhookRefusalTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void withoutConfiguredTokenEveryRequestIsRefusedWith503() throws Exception {
    try (EmbeddedServer server = start(deadKafkaPort(), "")) {
      HttpResponse<String> response = post(server, "Bearer anything");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("webhook token not configured");
    }
  }

  @Test
  void unreachableKafkaAnswers503SoTheRegistryRetries() throws Exception {
    try (EmbeddedServer server = start(deadKafkaPort(), "tok")) {
      HttpResponse<String> response = post(server, "Bearer tok");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("Kafka unavailable");
    }
  }

  private static EmbeddedServer start(int kafkaPort, String token) {
    Map<String, Object> props = new HashMap<>();
    props.put("kafka.bootstrap.servers", "127.0.0.1:" + kafkaPort);
    props.put("kafka.health.enabled", false);
    props.put("tallyman.topics.create", false);
    props.put("kafka.producers.tallyman-publisher.max.block.ms", 2000);
    props.put("micronaut.server.port", -1);
    props.put("tallyman.ingest.webhook-token", token);
    return ApplicationContext.run(EmbeddedServer.class, props);
  }

  /** A port nothing listens on: bound, then released. */
  private static int deadKafkaPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private HttpResponse<String> post(EmbeddedServer server, String authorization)
      throws IOException, InterruptedException {
    byte[] body;
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/dev/tallyman/ingest/distribution/testdata/registry-notification-sample.json")) {
      body = in.readAllBytes();
    }
    return http.send(
        HttpRequest.newBuilder(server.getURI().resolve("/v1/webhooks/distribution"))
            .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
