package dev.tallyman.ingest.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.ingest.webhook.ImageEventTopic;
import dev.tallyman.ingest.webhook.WebhookTestServer;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Harbor payloads over real HTTP to a real broker. */
class HarborWebhookKafkaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "harbor-" + UUID.randomUUID();
  private static WebhookTestServer server;

  @BeforeAll
  static void start() {
    server = new WebhookTestServer(Map.of("tallyman.ingest.harbor.secret", SECRET));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pushIsPublishedKeyedByDigestOnceEvenWhenRedelivered() throws Exception {
    byte[] body = freshDefaultPush(Instant.now().getEpochSecond());
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> first = server.post("/v1/webhooks/harbor", body, "Authorization", SECRET);
    HttpResponse<String> again = server.post("/v1/webhooks/harbor", body, "Authorization", SECRET);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.body()).contains("\"accepted\":1").contains("\"duplicate\":0");
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.body()).contains("\"accepted\":0").contains("\"duplicate\":1");
    List<ConsumerRecord<String, byte[]>> records = server.topic().recordsSince(before);
    assertThat(records).hasSize(1);
    ImageEvent event = ImageEventTopic.parse(records.get(0));
    assertThat(records.get(0).key()).isEqualTo(event.getDigest());
    assertThat(event.getDigest())
        .isEqualTo("sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8");
    assertThat(event.getRegistry()).isEqualTo("hub.harbor.com");
    assertThat(event.getRepository()).isEqualTo("test-webhook/debian");
    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
  }

  @Test
  void wrongSecretStaleEventAndBadBodyPublishNothing() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();
    long now = Instant.now().getEpochSecond();

    HttpResponse<String> wrong =
        server.post(
            "/v1/webhooks/harbor", freshDefaultPush(now), "Authorization", "Bearer " + SECRET);
    HttpResponse<String> missing = server.post("/v1/webhooks/harbor", freshDefaultPush(now));
    HttpResponse<String> stale =
        server.post("/v1/webhooks/harbor", freshDefaultPush(now - 3600), "Authorization", SECRET);
    HttpResponse<String> documentedButOld =
        server.post(
            "/v1/webhooks/harbor",
            HarborParserTest.testdata("default-push.json"),
            "Authorization",
            SECRET);

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("wrong webhook secret");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("occur_at").contains("older than the accepted window");
    assertThat(documentedButOld.statusCode()).isEqualTo(400);
    assertThat(server.topic().endOffsets()).isEqualTo(before);
  }

  @Test
  void cloudEventsDeleteIsPublishedAsDelete() throws Exception {
    ObjectNode root =
        (ObjectNode) JSON.readTree(HarborParserTest.testdata("cloudevents-delete.json"));
    root.put("time", Instant.now().toString());
    root.put("id", UUID.randomUUID().toString());
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> response =
        server.postAs(
            "application/cloudevents+json",
            "/v1/webhooks/harbor",
            JSON.writeValueAsBytes(root),
            "Authorization",
            SECRET);

    assertThat(response.statusCode()).isEqualTo(202);
    List<ConsumerRecord<String, byte[]>> records = server.topic().recordsSince(before);
    assertThat(records).hasSize(1);
    ImageEvent event = ImageEventTopic.parse(records.get(0));
    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_DELETE);
    assertThat(event.getRepository()).isEqualTo("harbor/alpine");
    assertThat(event.getTag()).isEqualTo("3.8");
  }

  private static byte[] freshDefaultPush(long occurAt) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(HarborParserTest.testdata("default-push.json"));
    root.put("occur_at", occurAt);
    return JSON.writeValueAsBytes(root);
  }
}
