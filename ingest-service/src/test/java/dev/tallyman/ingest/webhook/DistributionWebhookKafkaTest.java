package dev.tallyman.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.deploy.TestStack;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.Priority;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real service over real HTTP, publishing to a real broker. */
class DistributionWebhookKafkaTest {
  private static final String TOKEN = "it-token-" + UUID.randomUUID();
  private static final String PREFIX = "ingest" + UUID.randomUUID().toString().substring(0, 8);
  private static final String DIGEST =
      "sha256:c7f3cdd9a11c9c9058f1930ccd4689562253d6ef94fbcc086f5ce8920cb02abc";

  private static EmbeddedServer server;
  private static ImageEventTopic topic;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    String bootstrap = TestStack.kafka().bootstrapServers();
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "micronaut.server.port", -1,
                "tallyman.topics.prefix", PREFIX,
                "tallyman.ingest.webhook-token", TOKEN));
    topic = new ImageEventTopic(bootstrap, PREFIX + ".image-events");
  }

  @AfterAll
  static void stop() {
    if (topic != null) {
      topic.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void sampleNotificationIsPublishedKeyedByDigest() throws Exception {
    Map<TopicPartition, Long> before = topic.endOffsets();
    Instant sent = Instant.now();

    HttpResponse<String> response = post(sample(), "Bearer " + TOKEN);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("\"accepted\":1").contains("\"ignored\":0");
    List<ConsumerRecord<String, byte[]>> records = topic.recordsSince(before);
    assertThat(records).hasSize(1);
    ConsumerRecord<String, byte[]> record = records.get(0);
    assertThat(record.key()).isEqualTo(DIGEST);
    assertThat(
            new String(
                record.headers().lastHeader(KafkaHeaders.MESSAGE_TYPE).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("tallyman.v1.ImageEvent");
    ImageEvent event = ImageEventTopic.parse(record);
    assertThat(event.getRegistry()).isEqualTo("127.0.0.1:15000");
    assertThat(event.getRepository()).isEqualTo("feas/hello");
    assertThat(event.getTag()).isEqualTo("v1");
    assertThat(event.getDigest()).isEqualTo(DIGEST);
    assertThat(event.getMediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
    assertThat(event.getSource()).isEqualTo(EventSource.EVENT_SOURCE_DISTRIBUTION_WEBHOOK);
    assertThat(event.getPriority()).isEqualTo(Priority.PRIORITY_HIGH);
    assertThat(event.getSourceEventId()).isEqualTo("71e1db50-28cf-49f6-8de3-42d24bf77196");
    assertThat(event.getEventId()).hasSize(64);
    assertThat(event.getReceivedAt().getSeconds()).isGreaterThanOrEqualTo(sent.getEpochSecond());
  }

  @Test
  void wrongTokenIsRefusedAndNothingIsPublished() throws Exception {
    Map<TopicPartition, Long> before = topic.endOffsets();

    HttpResponse<String> wrong = post(sample(), "Bearer not-" + TOKEN);
    HttpResponse<String> missing = post(sample(), null);

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("wrong webhook token");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.body()).contains("missing Authorization");
    assertThat(topic.endOffsets()).isEqualTo(before);
  }

  @Test
  void malformedEnvelopeIsRefusedWithReasonAndNothingIsPublished() throws Exception {
    Map<TopicPartition, Long> before = topic.endOffsets();
    // a valid first event and a broken second one: the envelope is refused as a whole
    String good = new String(sample(), StandardCharsets.UTF_8);
    String event = good.substring(good.indexOf('[') + 1, good.lastIndexOf(']'));
    String body = "{\"events\":[" + event + "," + event.replace(DIGEST, "sha256:tooshort") + "]}";

    HttpResponse<String> response = post(body.getBytes(StandardCharsets.UTF_8), "Bearer " + TOKEN);
    HttpResponse<String> notJson =
        post("<xml/>".getBytes(StandardCharsets.UTF_8), "Bearer " + TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("events[1].target.digest");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("not valid JSON");
    assertThat(topic.endOffsets()).isEqualTo(before);
  }

  @Test
  void bodyOverTheCapIsRefusedWith400() throws Exception {
    byte[] big = new byte[(1 << 20) + 10];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> response = post(big, "Bearer " + TOKEN);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("exceeds the limit");
  }

  @Test
  void plainJsonContentTypeIsAcceptedToo() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(webhook())
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[]}"))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("\"accepted\":0");
  }

  @Test
  void healthAndPrometheusAnswer() throws Exception {
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(server.getURI().resolve("/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> prometheus =
        http.send(
            HttpRequest.newBuilder(server.getURI().resolve("/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
  }

  private static URI webhook() {
    return server.getURI().resolve("/v1/webhooks/distribution");
  }

  private static HttpResponse<String> post(byte[] body, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(webhook())
            .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] sample() throws IOException {
    try (InputStream in =
        DistributionWebhookKafkaTest.class.getResourceAsStream(
            "/dev/tallyman/ingest/distribution/testdata/registry-notification-sample.json")) {
      return in.readAllBytes();
    }
  }
}
