package dev.tallyman.ingest.dockerhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.NotificationLimits;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Docker Hub's documented webhook payload (docs.docker.com, "Webhooks") and bad twins. */
class DockerHubParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PUSHED_AT = 1417566161L;

  private static DockerHubParser parserAt(Instant now) {
    return new DockerHubParser(
        new JsonPayload(NotificationLimits.DEFAULT),
        new ReplayWindow(Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC)));
  }

  private final DockerHubParser parser = parserAt(Instant.ofEpochSecond(PUSHED_AT + 5));

  @Test
  void documentedPushBecomesATagOnlyPushEvent() throws IOException {
    ImageEvent event = parser.parse(testdata()).events().get(0);

    assertThat(event.getRegistry()).isEqualTo("docker.io");
    assertThat(event.getSource())
        .isEqualTo(dev.tallyman.proto.v1.EventSource.EVENT_SOURCE_DOCKERHUB_WEBHOOK);
    assertThat(event.getRepository()).isEqualTo("svendowideit/testhook");
    assertThat(event.getTag()).isEqualTo("latest");
    assertThat(event.getDigest()).isEmpty();
    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
    assertThat(event.getSourceEventId()).isEqualTo("svendowideit/testhook:latest@" + PUSHED_AT);
  }

  @Test
  void olderFloatingPointPushTimeIsUnderstood() throws IOException {
    // Docker Hub's older documentation shows "pushed_at": 1.417566161e+09
    byte[] body = edit(r -> ((ObjectNode) r.get("push_data")).put("pushed_at", 1.417566161e+09));
    assertThat(parser.parse(body).events().get(0).getSourceEventId()).endsWith("@" + PUSHED_AT);
  }

  @Test
  void redeliveryKeepsItsEventIdAndANewPushGetsANewOne() throws IOException {
    String first = parser.parse(testdata()).events().get(0).getEventId();
    String again = parser.parse(testdata()).events().get(0).getEventId();
    String later =
        parser
            .parse(edit(r -> ((ObjectNode) r.get("push_data")).put("pushed_at", PUSHED_AT + 60)))
            .events()
            .get(0)
            .getEventId();
    assertThat(again).isEqualTo(first);
    assertThat(later).isNotEqualTo(first);
  }

  @Test
  void replayedPushIsRefused() {
    assertThatThrownBy(() -> parserAt(Instant.ofEpochSecond(PUSHED_AT + 3600)).parse(testdata()))
        .isInstanceOf(InvalidNotification.class)
        .hasMessageContaining("push_data.pushed_at")
        .hasMessageContaining("older than the accepted window");
  }

  @Test
  void hostileVariantsAreRefused() {
    assertRefused(
        r -> ((ObjectNode) r.get("push_data")).put("tag", "a b"), "push_data.tag: not a valid tag");
    assertRefused(r -> ((ObjectNode) r.get("push_data")).remove("tag"), "push_data.tag: missing");
    assertRefused(
        r -> ((ObjectNode) r.get("push_data")).put("pushed_at", "now"),
        "pushed_at: must be a number");
    assertRefused(
        r -> ((ObjectNode) r.get("push_data")).put("pushed_at", -5), "not a plausible Unix time");
    assertRefused(
        r -> ((ObjectNode) r.get("repository")).put("repo_name", "a/../../b"),
        "repository.repo_name");
    assertRefused(r -> r.remove("push_data"), "push_data: missing");
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
    try (InputStream in = DockerHubParserTest.class.getResourceAsStream("testdata/push.json")) {
      return in.readAllBytes();
    }
  }
}
