package dev.tallyman.ingest.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.ingest.distribution.NotificationParser;
import dev.tallyman.ingest.webhook.ImageEventTopic;
import dev.tallyman.ingest.webhook.WebhookTestServer;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitLab container registry notifications over real HTTP to a real broker, with the secret in a
 * mounted file that is rotated while the service runs.
 */
class GitLabWebhookKafkaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static Path secretFile;
  private static WebhookTestServer server;

  @BeforeAll
  static void start() throws IOException {
    secretFile = dir.resolve("gitlab-secret");
    Files.writeString(secretFile, "first-" + UUID.randomUUID() + "\n");
    server =
        new WebhookTestServer(Map.of("tallyman.ingest.gitlab.secret-file", secretFile.toString()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String secret() throws IOException {
    return Files.readString(secretFile).strip();
  }

  /** The testdata envelope with fresh ids and timestamps. */
  static byte[] fresh(String name) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(testdata(name));
    root.get("events")
        .forEach(
            e -> {
              ((ObjectNode) e).put("id", UUID.randomUUID().toString());
              ((ObjectNode) e).put("timestamp", Instant.now().toString());
            });
    return JSON.writeValueAsBytes(root);
  }

  @Test
  void pushIsPublishedAndPullIgnored() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> response =
        server.postAs(
            NotificationParser.MEDIA_TYPE,
            "/v1/webhooks/gitlab",
            fresh("push.json"),
            "Authorization",
            secret());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(response.body()).contains("\"accepted\":1").contains("\"ignored\":1");
    List<ImageEvent> events =
        server.topic().recordsSince(before).stream().map(ImageEventTopic::parse).toList();
    assertThat(events).hasSize(1);
    ImageEvent e = events.get(0);
    assertThat(e.getSource()).isEqualTo(EventSource.EVENT_SOURCE_GITLAB_WEBHOOK);
    assertThat(e.getRegistry()).isEqualTo("registry.gitlab.example.com");
    assertThat(e.getRepository()).isEqualTo("group/project/app");
    assertThat(e.getTag()).isEqualTo("v1.4.2");
    assertThat(e.getLocationsCount()).isEqualTo(1);
  }

  @Test
  void deleteIsPublishedAsDeleteAndStaleEnvelopesAreRefused() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> delete =
        server.post("/v1/webhooks/gitlab", fresh("delete.json"), "Authorization", secret());
    HttpResponse<String> documentedButOld =
        server.post("/v1/webhooks/gitlab", testdata("push.json"), "Authorization", secret());

    assertThat(delete.statusCode()).isEqualTo(202);
    assertThat(documentedButOld.statusCode()).isEqualTo(400);
    assertThat(documentedButOld.body()).contains("events[0].timestamp");
    List<ImageEvent> events =
        server.topic().recordsSince(before).stream().map(ImageEventTopic::parse).toList();
    assertThat(events)
        .extracting(ImageEvent::getAction)
        .containsExactly(ImageAction.IMAGE_ACTION_DELETE);
  }

  @Test
  void aRotatedSecretFileTakesEffectWithoutRestart() throws Exception {
    String old = secret();
    HttpResponse<String> before =
        server.post("/v1/webhooks/gitlab", fresh("push.json"), "Authorization", old);

    String rotated = "second-" + UUID.randomUUID();
    Files.writeString(secretFile, rotated + "\n");
    Files.setLastModifiedTime(secretFile, FileTime.from(Instant.now().plusSeconds(2)));

    HttpResponse<String> oldAfter =
        server.post("/v1/webhooks/gitlab", fresh("push.json"), "Authorization", old);
    HttpResponse<String> newAfter =
        server.post("/v1/webhooks/gitlab", fresh("push.json"), "Authorization", rotated);

    assertThat(before.statusCode()).isEqualTo(202);
    assertThat(oldAfter.statusCode()).isEqualTo(401);
    assertThat(newAfter.statusCode()).isEqualTo(202);

    Files.delete(secretFile); // an unmounted secret: retry later, never accept
    HttpResponse<String> missing =
        server.post("/v1/webhooks/gitlab", fresh("push.json"), "Authorization", rotated);
    Files.writeString(secretFile, rotated + "\n");
    assertThat(missing.statusCode()).isEqualTo(503);
    assertThat(missing.body()).contains("secret unavailable").doesNotContain(rotated);
  }

  @Test
  void secretsNeverReachTheLogs() throws Exception {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    root.addAppender(logs);
    String guess = "guess-" + UUID.randomUUID();
    try {
      server.post("/v1/webhooks/gitlab", fresh("push.json"), "Authorization", secret());
      server.post("/v1/webhooks/gitlab", fresh("push.json"), "Authorization", guess);
    } finally {
      root.detachAppender(logs);
    }
    String secret = secret();
    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list)
        .allSatisfy(
            e -> {
              String line =
                  e.getFormattedMessage()
                      + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
              assertThat(line).doesNotContain(secret).doesNotContain(guess);
            });
  }

  static byte[] testdata(String name) throws IOException {
    try (InputStream in = GitLabWebhookKafkaTest.class.getResourceAsStream("testdata/" + name)) {
      return in.readAllBytes();
    }
  }
}
