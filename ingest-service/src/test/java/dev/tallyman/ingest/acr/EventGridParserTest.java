package dev.tallyman.ingest.acr;

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
import dev.tallyman.proto.v1.Priority;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Azure's documented Event Grid / CloudEvents payloads for ACR, and bad twins. */
class EventGridParserTest {
  static final Instant PUSHED_AT = Instant.parse("2018-04-25T21:40:00Z");

  static EventGridParser parserAt(Instant now) {
    return new EventGridParser(
        new JsonPayload(NotificationLimits.DEFAULT),
        new ReplayWindow(Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC)));
  }

  @Test
  void eventGridImagePushedBecomesAPush() throws IOException {
    NotificationResult result = parserAt(PUSHED_AT).parse(testdata("eventgrid-image-pushed.json"));

    assertThat(result.handshake()).isNull();
    assertThat(result.events()).hasSize(1);
    ImageEvent e = result.events().get(0);
    assertThat(e.getSource()).isEqualTo(EventSource.EVENT_SOURCE_ACR_EVENT_GRID);
    assertThat(e.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
    assertThat(e.getPriority()).isEqualTo(Priority.PRIORITY_HIGH);
    assertThat(e.getRegistry()).isEqualTo("myregistry.azurecr.io");
    assertThat(e.getRepository()).isEqualTo("aci-helloworld");
    assertThat(e.getTag()).isEqualTo("v1");
    assertThat(e.getDigest())
        .isEqualTo("sha256:213bbc182920ab41e18edc2001e06abcca6735d87782d9cef68abd83941cf0e5");
    assertThat(e.getMediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
    assertThat(e.getSize()).isEqualTo(3023);
    assertThat(e.getSourceEventId()).isEqualTo("831e1650-001e-001b-66ab-eeb76e069631");
    assertThat(e.getEventId())
        .isEqualTo(EventIds.of(EventGridParser.NAMESPACE, e.getSourceEventId()));
  }

  @Test
  void cloudEventsSchemaReadsTheSame() throws IOException {
    ImageEvent grid =
        parserAt(PUSHED_AT).parse(testdata("eventgrid-image-pushed.json")).events().get(0);
    ImageEvent cloud =
        parserAt(PUSHED_AT).parse(testdata("cloudevents-image-pushed.json")).events().get(0);

    assertThat(cloud.toBuilder().clearReceivedAt().build())
        .isEqualTo(grid.toBuilder().clearReceivedAt().build());
  }

  @Test
  void imageDeletedBecomesADeleteWithoutTag() throws IOException {
    NotificationResult result =
        parserAt(Instant.parse("2018-04-26T17:58:00Z"))
            .parse(testdata("eventgrid-image-deleted.json"));

    ImageEvent e = result.events().get(0);
    assertThat(e.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_DELETE);
    assertThat(e.getTag()).isEmpty();
    assertThat(e.getRepository()).isEqualTo("aci-helloworld");
  }

  @Test
  void chartEventsAreIgnored() throws IOException {
    NotificationResult result =
        parserAt(Instant.parse("2019-03-12T22:17:00Z"))
            .parse(testdata("eventgrid-chart-pushed.json"));

    assertThat(result.events()).isEmpty();
    assertThat(result.ignored()).isEqualTo(1);
  }

  @Test
  void subscriptionValidationIsAnsweredWithItsCode() throws IOException {
    // the handshake is answered whenever it comes: Event Grid validates at subscription time
    NotificationResult result =
        parserAt(Instant.parse("2030-01-01T00:00:00Z"))
            .parse(testdata("eventgrid-subscription-validation.json"));

    assertThat(result.events()).isEmpty();
    assertThat(result.handshake())
        .isEqualTo(new EventGridParser.ValidationResponse("512d38b6-c7b8-40c8-89fe-f46f9e9622b6"));
  }

  @Test
  void staleEventsAreRefused() {
    assertThatThrownBy(
            () ->
                parserAt(PUSHED_AT.plus(Duration.ofHours(1)))
                    .parse(testdata("eventgrid-image-pushed.json")))
        .isInstanceOf(InvalidNotification.class)
        .hasMessageContaining("[0].eventTime")
        .hasMessageContaining("older than the accepted window");
  }

  @Test
  void hostileFieldsAreRefusedWithTheirPath() throws IOException {
    String pushed = new String(testdata("eventgrid-image-pushed.json"), StandardCharsets.UTF_8);
    EventGridParser parser = parserAt(PUSHED_AT);

    assertThatThrownBy(() -> parser.parse(bytes(pushed.replace("sha256:213bbc", "sha256:XYZ"))))
        .hasMessageContaining("[0].data.target.digest");
    assertThatThrownBy(
            () -> parser.parse(bytes(pushed.replace("myregistry.azurecr.io", "evil.example/../x"))))
        .hasMessageContaining("[0].data.request.host");
    assertThatThrownBy(() -> parser.parse(bytes(pushed.replace("\"aci-helloworld\"", "\"A B\""))))
        .hasMessageContaining("[0].data.target.repository");
    assertThatThrownBy(() -> parser.parse(bytes("[]"))).hasMessageContaining("no events");
    assertThatThrownBy(() -> parser.parse(bytes("[1]"))).hasMessageContaining("[0]: must be");
    String validation =
        new String(testdata("eventgrid-subscription-validation.json"), StandardCharsets.UTF_8);
    String twoEvents =
        "["
            + validation.strip().substring(1, validation.strip().length() - 1)
            + ","
            + pushed.strip().substring(1);
    assertThatThrownBy(() -> parser.parse(bytes(twoEvents)))
        .hasMessageContaining("a validation event must come alone");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] testdata(String name) throws IOException {
    try (InputStream in = EventGridParserTest.class.getResourceAsStream("testdata/" + name)) {
      return in.readAllBytes();
    }
  }
}
