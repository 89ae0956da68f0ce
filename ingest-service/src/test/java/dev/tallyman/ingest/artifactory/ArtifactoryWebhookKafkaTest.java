package dev.tallyman.ingest.artifactory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.ingest.webhook.ImageEventTopic;
import dev.tallyman.ingest.webhook.WebhookTestServer;
import dev.tallyman.proto.v1.ImageEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A signed JFrog docker "pushed" webhook over real HTTP to a real broker. */
class ArtifactoryWebhookKafkaTest {
  private static final String SECRET = "jfrog-" + UUID.randomUUID();
  private static WebhookTestServer server;

  @BeforeAll
  static void start() {
    server =
        new WebhookTestServer(
            Map.of(
                "tallyman.ingest.artifactory.secret",
                SECRET,
                "tallyman.ingest.artifactory.registry",
                "artifactory.example"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void signedPushIsPublishedKeyedByDigest() throws Exception {
    byte[] body = ArtifactoryParserTest.testdata("docker-pushed.json");
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> response =
        server.post(
            "/v1/webhooks/artifactory",
            body,
            JFrogEventAuth.HEADER,
            JFrogEventAuth.signature(SECRET, body));

    assertThat(response.statusCode()).isEqualTo(202);
    List<ConsumerRecord<String, byte[]>> records = server.topic().recordsSince(before);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key())
        .isEqualTo("sha256:35c4a2c15539c6c1e4e5fa4e554dac323ad0107d8eb5c582d6ff386b383b7dce");
    ImageEvent event = ImageEventTopic.parse(records.get(0));
    assertThat(event.getRegistry()).isEqualTo("artifactory.example");
    assertThat(event.getRepository()).isEqualTo("docker-remote-cache/library/ubuntu");
  }

  @Test
  void badSignatureTamperedBodyAndBadBodyPublishNothing() throws Exception {
    byte[] body = ArtifactoryParserTest.testdata("docker-pushed.json");
    String signature = JFrogEventAuth.signature(SECRET, body);
    byte[] tampered =
        new String(body, StandardCharsets.UTF_8)
            .replace("docker-remote-cache", "docker-evil-cache")
            .getBytes(StandardCharsets.UTF_8);
    byte[] invalid =
        "{\"domain\":\"docker\",\"event_type\":\"pushed\",\"data\":{}}"
            .getBytes(StandardCharsets.UTF_8);
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> plainSecret =
        server.post("/v1/webhooks/artifactory", body, JFrogEventAuth.HEADER, SECRET);
    HttpResponse<String> tamperedBody =
        server.post("/v1/webhooks/artifactory", tampered, JFrogEventAuth.HEADER, signature);
    HttpResponse<String> missing = server.post("/v1/webhooks/artifactory", body);
    HttpResponse<String> bad =
        server.post(
            "/v1/webhooks/artifactory",
            invalid,
            JFrogEventAuth.HEADER,
            JFrogEventAuth.signature(SECRET, invalid));

    assertThat(plainSecret.statusCode()).isEqualTo(401);
    assertThat(tamperedBody.statusCode()).isEqualTo(401);
    assertThat(tamperedBody.body()).contains("signature does not match the body");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("data.repo_key: missing");
    assertThat(Arrays.equals(body, tampered)).isFalse();
    assertThat(server.topic().endOffsets()).isEqualTo(before);
  }
}
