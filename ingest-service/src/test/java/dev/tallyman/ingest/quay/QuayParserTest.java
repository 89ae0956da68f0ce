package dev.tallyman.ingest.quay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.NotificationLimits;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Quay's documented "Repository Push" notification (Red Hat Quay, Repository Notifications). */
class QuayParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-28T05:00:00Z");

  private final QuayParser parser =
      new QuayParser(new JsonPayload(NotificationLimits.DEFAULT), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void documentedPushBecomesATagOnlyPushEvent() throws IOException {
    NotificationResult result = parser.parse(testdata());

    assertThat(result.events()).hasSize(1);
    ImageEvent event = result.events().get(0);
    assertThat(event.getRegistry()).isEqualTo("quay.io");
    assertThat(event.getSource())
        .isEqualTo(dev.tallyman.proto.v1.EventSource.EVENT_SOURCE_QUAY_WEBHOOK);
    assertThat(event.getRepository()).isEqualTo("dgangaia/test");
    assertThat(event.getTag()).isEqualTo("latest");
    assertThat(event.getDigest()).isEmpty();
    assertThat(event.getMediaType()).isEmpty();
    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
    assertThat(event.getEventId()).hasSize(64);
  }

  @Test
  void everyUpdatedTagIsOneEvent() throws IOException {
    byte[] body = edit(r -> r.putArray("updated_tags").add("v1").add("v2").add("latest"));
    assertThat(parser.parse(body).events())
        .extracting(ImageEvent::getTag)
        .containsExactly("v1", "v2", "latest");
  }

  @Test
  void notificationsWithoutTagsAreIgnored() throws IOException {
    NotificationResult result = parser.parse(edit(r -> r.remove("updated_tags")));
    assertThat(result.events()).isEmpty();
    assertThat(result.ignored()).isEqualTo(1);
  }

  @Test
  void hostileVariantsAreRefused() {
    // the 2013 shape (tag -> image id object) is not what Quay sends today
    assertRefused(
        r -> r.putObject("updated_tags").put("latest", "b750fe79"),
        "updated_tags: must be an array");
    assertRefused(r -> r.putArray("updated_tags").add(7), "updated_tags[0]: must be a string");
    assertRefused(r -> r.putArray("updated_tags").add("../x"), "updated_tags[0]: not a valid tag");
    assertRefused(
        r -> r.put("docker_url", "evil.example/dgangaia/other"), "does not name repository");
    assertRefused(r -> r.put("docker_url", "quay.io"), "docker_url: not host/repository");
    assertRefused(
        r -> r.put("repository", "DGANGAIA/Test"), "repository: not a valid repository name");
    assertRefused(r -> r.remove("repository"), "repository: missing");
  }

  private void assertRefused(Consumer<ObjectNode> change, String reason) {
    assertThatThrownBy(() -> parser.parse(edit(change)))
        .isInstanceOf(InvalidNotification.class)
        .hasMessageContaining(reason);
  }

  private static byte[] edit(Consumer<ObjectNode> change) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(testdata());
    change.accept(root);
    return JSON.writeValueAsBytes(root);
  }

  static byte[] testdata() throws IOException {
    try (InputStream in =
        QuayParserTest.class.getResourceAsStream("testdata/repository-push.json")) {
      return in.readAllBytes();
    }
  }
}
