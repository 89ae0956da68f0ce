package dev.tallyman.ingest.quay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.ingest.webhook.ImageEventTopic;
import dev.tallyman.ingest.webhook.WebhookTestServer;
import dev.tallyman.proto.v1.ImageEvent;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Quay's push notification over real HTTP to a real broker. */
class QuayWebhookKafkaTest {
  private static final String SECRET = "quay+" + UUID.randomUUID() + "/=&";
  private static WebhookTestServer server;

  @BeforeAll
  static void start() {
    server = new WebhookTestServer(Map.of("tallyman.ingest.quay.secret", SECRET));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pushIsPublishedKeyedByTagReference() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> response =
        server.post("/v1/webhooks/quay?token=" + encoded(SECRET), QuayParserTest.testdata());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("\"accepted\":1");
    List<ConsumerRecord<String, byte[]>> records = server.topic().recordsSince(before);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo("quay.io/dgangaia/test:latest");
    ImageEvent event = ImageEventTopic.parse(records.get(0));
    assertThat(event.getTag()).isEqualTo("latest");
    assertThat(event.getDigest()).isEmpty();
  }

  @Test
  void wrongOrMissingTokenAndBadBodyPublishNothing() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> wrong =
        server.post("/v1/webhooks/quay?token=nope", QuayParserTest.testdata());
    HttpResponse<String> missing = server.post("/v1/webhooks/quay", QuayParserTest.testdata());
    HttpResponse<String> bad =
        server.post(
            "/v1/webhooks/quay?token=" + encoded(SECRET),
            "{\"repository\":\"a/b\",\"docker_url\":\"quay.io/a/b\",\"updated_tags\":[\"..\"]}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.body()).contains("missing ?token=");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("updated_tags[0]: not a valid tag");
    assertThat(server.topic().endOffsets()).isEqualTo(before);
  }

  private static String encoded(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
