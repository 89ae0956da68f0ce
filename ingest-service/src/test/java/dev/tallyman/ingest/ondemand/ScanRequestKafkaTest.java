package dev.tallyman.ingest.ondemand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.ingest.webhook.ImageEventTopic;
import dev.tallyman.ingest.webhook.WebhookTestServer;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.Priority;
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

/** POST /v1/scans against the real service and Kafka, for a registry the poller does not know. */
class ScanRequestKafkaTest {
  private static final String TOKEN = "scan-" + UUID.randomUUID();
  private static WebhookTestServer server;

  @BeforeAll
  static void start() {
    server = new WebhookTestServer(Map.of("tallyman.ingest.webhook-token", TOKEN));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> scan(String body, String... headers) throws Exception {
    return server.post("/v1/scans", body.getBytes(StandardCharsets.UTF_8), headers);
  }

  @Test
  void anUnknownRegistrysTagIsEmittedByTagKeyedByReference() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();
    HttpResponse<String> r =
        scan(
            "{\"reference\":\"registry.example:5000/team/app:1.2\"}",
            "Authorization",
            "Bearer " + TOKEN);

    assertThat(r.statusCode()).isEqualTo(202);
    List<ConsumerRecord<String, byte[]>> records = server.topic().recordsSince(before);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo("registry.example:5000/team/app:1.2");
    ImageEvent e = ImageEventTopic.parse(records.get(0));
    assertThat(e.getSource()).isEqualTo(EventSource.EVENT_SOURCE_ON_DEMAND);
    assertThat(e.getPriority()).isEqualTo(Priority.PRIORITY_HIGH);
    assertThat(e.getRegistry()).isEqualTo("registry.example:5000");
    assertThat(e.getRepository()).isEqualTo("team/app");
    assertThat(e.getTag()).isEqualTo("1.2");
    assertThat(e.getDigest()).isEmpty();
    assertThat(r.body()).contains(e.getEventId());
  }

  @Test
  void aDigestReferenceIsKeyedByDigest() throws Exception {
    String digest = "sha256:" + "c0".repeat(32);
    Map<TopicPartition, Long> before = server.topic().endOffsets();
    HttpResponse<String> r =
        scan(
            "{\"reference\":\"registry.example/app@" + digest + "\"}",
            "Authorization",
            "Bearer " + TOKEN);

    assertThat(r.statusCode()).isEqualTo(202);
    List<ConsumerRecord<String, byte[]>> records = server.topic().recordsSince(before);
    assertThat(records).extracting(ConsumerRecord::key).containsExactly(digest);
  }

  @Test
  void badReferencesAre400AndPublishNothing() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();
    for (String body :
        List.of(
            "{\"reference\":\"registry.example/Bad:tag\"}",
            "{\"reference\":\"no-host-app:1\"}",
            "{\"reference\":42}",
            "not json")) {
      HttpResponse<String> r = scan(body, "Authorization", "Bearer " + TOKEN);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.body()).as(body).contains("error");
    }
    assertThat(server.topic().recordsSince(before)).isEmpty();
  }

  @Test
  void withoutTheTokenIs401() throws Exception {
    assertThat(scan("{\"reference\":\"registry.example/app:1\"}").statusCode()).isEqualTo(401);
    assertThat(
            scan("{\"reference\":\"registry.example/app:1\"}", "Authorization", "Bearer wrong")
                .statusCode())
        .isEqualTo(401);
  }
}
