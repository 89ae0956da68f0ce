package dev.tallyman.ingest.gar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.ingest.distribution.EventIds;
import dev.tallyman.ingest.distribution.NotificationLimits;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Artifact Registry's gcr-topic messages in Pub/Sub's documented push envelope. */
class PubSubPushParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Instant AT = Instant.parse("2021-02-26T19:14:00Z");

  static PubSubPushParser parserAt(Instant now) {
    return new PubSubPushParser(
        new JsonPayload(NotificationLimits.DEFAULT),
        new ReplayWindow(Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC)));
  }

  @Test
  void insertBecomesAPushWithDigestAndTag() throws IOException {
    NotificationResult result = parserAt(AT).parse(testdata("pubsub-push-insert.json"));

    ImageEvent e = result.events().get(0);
    assertThat(e.getSource()).isEqualTo(EventSource.EVENT_SOURCE_GAR_PUBSUB);
    assertThat(e.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
    assertThat(e.getRegistry()).isEqualTo("us-east1-docker.pkg.dev");
    assertThat(e.getRepository()).isEqualTo("my-project/my-repo/hello-world");
    assertThat(e.getTag()).isEqualTo("1.1");
    assertThat(e.getDigest())
        .isEqualTo("sha256:6ec128e26cd5b1d2e0c4c1d4f8b7a6e5d4c3b2a190817263544536271809abcd");
    assertThat(e.getEventId())
        .isEqualTo(EventIds.of(PubSubPushParser.NAMESPACE, "2070443601311540"));
  }

  @Test
  void tagDeleteBecomesADeleteByTag() throws IOException {
    NotificationResult result =
        parserAt(Instant.parse("2021-02-26T19:21:00Z"))
            .parse(testdata("pubsub-push-delete-tag.json"));

    ImageEvent e = result.events().get(0);
    assertThat(e.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_DELETE);
    assertThat(e.getDigest()).isEmpty();
    assertThat(e.getTag()).isEqualTo("1.1");
  }

  @Test
  void badDataIsRefusedWithItsPath() throws IOException {
    PubSubPushParser parser = parserAt(AT);

    assertThatThrownBy(() -> parser.parse(withData("not base64!")))
        .hasMessageContaining("message.data: not base64");
    assertThatThrownBy(() -> parser.parse(withData(b64("{\"action\":\"INSERT\"}"))))
        .hasMessageContaining("neither digest nor tag");
    assertThatThrownBy(
            () ->
                parser.parse(
                    withData(
                        b64(
                            "{\"action\":\"INSERT\",\"digest\":\"h.example/a/b@sha256:"
                                + "a".repeat(64)
                                + "\",\"tag\":\"h.example/a/c:1\"}"))))
        .hasMessageContaining("digest and tag name different images");
    assertThatThrownBy(() -> parser.parse(withData(b64("[]"))))
        .hasMessageContaining("message.data: body: must be a JSON object");
    assertThatThrownBy(
            () -> parserAt(AT.plusSeconds(7200)).parse(testdata("pubsub-push-insert.json")))
        .hasMessageContaining("message.publishTime");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] withData(String data) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(testdata("pubsub-push-insert.json"));
    ((ObjectNode) root.get("message")).put("data", data);
    return JSON.writeValueAsBytes(root);
  }

  static byte[] testdata(String name) throws IOException {
    try (InputStream in = PubSubPushParserTest.class.getResourceAsStream("testdata/" + name)) {
      return in.readAllBytes();
    }
  }
}
