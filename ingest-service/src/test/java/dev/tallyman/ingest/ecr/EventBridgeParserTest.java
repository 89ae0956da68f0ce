package dev.tallyman.ingest.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.ingest.distribution.EventIds;
import dev.tallyman.ingest.distribution.InvalidNotification;
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
import org.junit.jupiter.api.Test;

/** Amazon's documented EventBridge events for ECR, and bad twins. */
class EventBridgeParserTest {
  static final Instant AT = Instant.parse("2019-11-16T01:55:00Z");

  static EventBridgeParser parserAt(Instant now) {
    return new EventBridgeParser(
        new JsonPayload(NotificationLimits.DEFAULT),
        new ReplayWindow(Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC)));
  }

  @Test
  void pushBecomesAPushOnTheAccountsRegistry() throws IOException {
    NotificationResult result = parserAt(AT).parse(testdata("eventbridge-push.json"));

    ImageEvent e = result.events().get(0);
    assertThat(e.getSource()).isEqualTo(EventSource.EVENT_SOURCE_ECR_EVENTBRIDGE);
    assertThat(e.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
    assertThat(e.getRegistry()).isEqualTo("123456789012.dkr.ecr.us-west-2.amazonaws.com");
    assertThat(e.getRepository()).isEqualTo("my-repository-name");
    assertThat(e.getTag()).isEqualTo("latest");
    assertThat(e.getDigest())
        .isEqualTo("sha256:7f5b2640fe6fb4f46592dfd3410c4a79dac4f89e4782432e0378abcd12345678");
    assertThat(e.getMediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(e.getEventId())
        .isEqualTo(
            EventIds.of(EventBridgeParser.NAMESPACE, "13cde686-328b-6117-af20-0e5566167482"));
  }

  @Test
  void deleteBecomesADelete() throws IOException {
    NotificationResult result =
        parserAt(Instant.parse("2019-11-16T02:02:00Z")).parse(testdata("eventbridge-delete.json"));

    assertThat(result.events().get(0).getAction()).isEqualTo(ImageAction.IMAGE_ACTION_DELETE);
  }

  @Test
  void theDocumentedSampleIsRefusedForItsAbbreviatedDigest() {
    assertThatThrownBy(() -> parserAt(AT).parse(testdata("eventbridge-push-documented.json")))
        .isInstanceOf(InvalidNotification.class)
        .hasMessageContaining("detail.image-digest");
  }

  @Test
  void failedActionsAndOtherEventsAreIgnored() throws IOException {
    String push = new String(testdata("eventbridge-push.json"), StandardCharsets.UTF_8);
    EventBridgeParser parser = parserAt(AT);

    NotificationResult failed = parser.parse(bytes(push.replace("SUCCESS", "FAILURE")));
    NotificationResult scan =
        parser.parse(bytes(push.replace("ECR Image Action", "ECR Image Scan")));

    assertThat(failed.events()).isEmpty();
    assertThat(failed.ignored()).isEqualTo(1);
    assertThat(scan.events()).isEmpty();
  }

  @Test
  void staleOrForgedFieldsAreRefused() throws IOException {
    String push = new String(testdata("eventbridge-push.json"), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> parserAt(AT.plusSeconds(3600)).parse(bytes(push)))
        .hasMessageContaining("time");
    assertThatThrownBy(
            () -> parserAt(AT).parse(bytes(push.replace("123456789012", "evil.example.com/x"))))
        .hasMessageContaining("account");
    assertThatThrownBy(() -> parserAt(AT).parse(bytes(push.replace("us-west-2", "x/../y"))))
        .hasMessageContaining("region");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] testdata(String name) throws IOException {
    try (InputStream in = EventBridgeParserTest.class.getResourceAsStream("testdata/" + name)) {
      return in.readAllBytes();
    }
  }
}
