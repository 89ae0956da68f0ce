package dev.tallyman.ingest.acr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.ingest.webhook.ImageEventTopic;
import dev.tallyman.ingest.webhook.WebhookTestServer;
import dev.tallyman.proto.v1.ImageEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ACR events through Event Grid over real HTTP to a real broker, handshakes included. */
class AcrWebhookKafkaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "acr-" + UUID.randomUUID();
  private static WebhookTestServer server;

  @BeforeAll
  static void start() {
    server = new WebhookTestServer(Map.of("tallyman.ingest.acr.secret", SECRET));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static byte[] freshPush() throws Exception {
    ArrayNode root =
        (ArrayNode) JSON.readTree(EventGridParserTest.testdata("eventgrid-image-pushed.json"));
    ((ObjectNode) root.get(0)).put("id", UUID.randomUUID().toString());
    ((ObjectNode) root.get(0)).put("eventTime", Instant.now().toString());
    return JSON.writeValueAsBytes(root);
  }

  @Test
  void subscriptionValidationIsAnsweredAndPublishesNothing() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> unauthenticated =
        server.post(
            "/v1/webhooks/acr",
            EventGridParserTest.testdata("eventgrid-subscription-validation.json"),
            "aeg-event-type",
            "SubscriptionValidation");
    HttpResponse<String> validated =
        server.post(
            "/v1/webhooks/acr?token=" + SECRET,
            EventGridParserTest.testdata("eventgrid-subscription-validation.json"),
            "aeg-event-type",
            "SubscriptionValidation");

    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(validated.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(validated.body()).get("validationResponse").asText())
        .isEqualTo("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");
    assertThat(server.topic().endOffsets()).isEqualTo(before);
  }

  @Test
  void pushIsPublishedWithQueryTokenOrHeaderAndOnlyOnce() throws Exception {
    byte[] push = freshPush();
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> viaQuery = server.post("/v1/webhooks/acr?token=" + SECRET, push);
    HttpResponse<String> viaHeader = server.post("/v1/webhooks/acr", push, "Authorization", SECRET);
    HttpResponse<String> wrong = server.post("/v1/webhooks/acr?token=nope", freshPush());

    assertThat(viaQuery.statusCode()).isEqualTo(202);
    assertThat(viaHeader.statusCode()).isEqualTo(202);
    assertThat(viaHeader.body()).contains("\"duplicate\":1");
    assertThat(wrong.statusCode()).isEqualTo(401);
    List<ImageEvent> events =
        server.topic().recordsSince(before).stream().map(ImageEventTopic::parse).toList();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getRegistry()).isEqualTo("myregistry.azurecr.io");
  }

  @Test
  void cloudEventsAbuseProtectionHandshake() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = server.uri("/v1/webhooks/acr?token=" + SECRET);

    HttpResponse<String> allowed =
        http.send(
            HttpRequest.newBuilder(uri)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("WebHook-Request-Origin", "eventgrid.azure.net")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> noToken =
        http.send(
            HttpRequest.newBuilder(server.uri("/v1/webhooks/acr"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("WebHook-Request-Origin", "eventgrid.azure.net")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("WebHook-Allowed-Origin"))
        .contains("eventgrid.azure.net");
    assertThat(noToken.statusCode()).isEqualTo(401);
  }
}
