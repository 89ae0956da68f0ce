package dev.tallyman.ingest.dockerhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.ingest.webhook.ImageEventTopic;
import dev.tallyman.ingest.webhook.WebhookTestServer;
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

/** Docker Hub's payload over real HTTP to a real broker. */
class DockerHubWebhookKafkaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "hub-" + UUID.randomUUID();
  private static WebhookTestServer server;

  @BeforeAll
  static void start() {
    server = new WebhookTestServer(Map.of("tallyman.ingest.dockerhub.secret", SECRET));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pushIsPublishedOnceKeyedByTagReference() throws Exception {
    byte[] body = pushedAt(Instant.now().getEpochSecond());
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> first = server.post("/v1/webhooks/dockerhub?token=" + SECRET, body);
    HttpResponse<String> again = server.post("/v1/webhooks/dockerhub?token=" + SECRET, body);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(again.body()).contains("\"duplicate\":1");
    List<ConsumerRecord<String, byte[]>> records = server.topic().recordsSince(before);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo("docker.io/svendowideit/testhook:latest");
    ImageEvent event = ImageEventTopic.parse(records.get(0));
    assertThat(event.getRepository()).isEqualTo("svendowideit/testhook");
    assertThat(event.getTag()).isEqualTo("latest");
  }

  @Test
  void wrongTokenAndReplayedPushPublishNothing() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();
    long now = Instant.now().getEpochSecond();

    HttpResponse<String> wrong =
        server.post("/v1/webhooks/dockerhub?token=not-" + SECRET, pushedAt(now));
    HttpResponse<String> replayed =
        server.post("/v1/webhooks/dockerhub?token=" + SECRET, DockerHubParserTest.testdata());

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(replayed.statusCode()).isEqualTo(400);
    assertThat(replayed.body()).contains("push_data.pushed_at");
    assertThat(server.topic().endOffsets()).isEqualTo(before);
  }

  private static byte[] pushedAt(long seconds) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(DockerHubParserTest.testdata());
    ((ObjectNode) root.get("push_data")).put("pushed_at", seconds);
    return JSON.writeValueAsBytes(root);
  }
}
