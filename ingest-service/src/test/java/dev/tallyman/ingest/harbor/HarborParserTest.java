package dev.tallyman.ingest.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.ingest.distribution.EventIds;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.NotificationLimits;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
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

/** Harbor's documented payloads (goharbor.io "Configure Webhook Notifications") and bad twins. */
class HarborParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HarborParser parserAt(Instant now) {
    return new HarborParser(
        new JsonPayload(NotificationLimits.DEFAULT),
        new ReplayWindow(Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC)));
  }

  @Test
  void defaultPushBecomesOnePushEvent() throws IOException {
    Instant now = Instant.ofEpochSecond(1586922308 + 60);
    NotificationResult result = parserAt(now).parse(testdata("default-push.json"));

    assertThat(result.ignored()).isZero();
    assertThat(result.events()).hasSize(1);
    ImageEvent event = result.events().get(0);
    assertThat(event.getRegistry()).isEqualTo("hub.harbor.com");
    assertThat(event.getSource())
        .isEqualTo(dev.tallyman.proto.v1.EventSource.EVENT_SOURCE_HARBOR_WEBHOOK);
    assertThat(event.getRepository()).isEqualTo("test-webhook/debian");
    assertThat(event.getTag()).isEqualTo("latest");
    assertThat(event.getDigest())
        .isEqualTo("sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8");
    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
    assertThat(event.getPriority()).isEqualTo(Priority.PRIORITY_HIGH);
    assertThat(event.getReceivedAt().getSeconds()).isEqualTo(now.getEpochSecond());
    assertThat(event.getEventId())
        .isEqualTo(EventIds.of(HarborParser.NAMESPACE, event.getSourceEventId()));
    assertThat(event.getSourceEventId()).startsWith("PUSH_ARTIFACT/1586922308/");
  }

  @Test
  void defaultDeleteBecomesDeleteEvent() throws IOException {
    NotificationResult result =
        parserAt(Instant.ofEpochSecond(1680502598)).parse(testdata("default-delete.json"));

    ImageEvent event = result.events().get(0);
    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_DELETE);
    assertThat(event.getRegistry()).isEqualTo("localhost");
    assertThat(event.getRepository()).isEqualTo("harbor/alpine");
    assertThat(event.getTag()).isEqualTo("3.8");
  }

  @Test
  void cloudEventsPushByDigestHasNoTag() throws IOException {
    NotificationResult result =
        parserAt(Instant.parse("2023-04-03T06:05:00Z")).parse(testdata("cloudevents-push.json"));

    ImageEvent event = result.events().get(0);
    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
    assertThat(event.getDigest())
        .isEqualTo("sha256:954b378c375d852eb3c63ab88978f640b4348b01c1b3456a024a81536dafbbf4");
    assertThat(event.getTag()).isEmpty(); // Harbor repeats the digest in "tag"
    assertThat(event.getRepository()).isEqualTo("harbor/alpine");
    assertThat(event.getSourceEventId()).startsWith("ce/66e18103-09c1-41f6-982f-37df223f3eeb/");
  }

  @Test
  void cloudEventsDeleteBecomesDeleteEvent() throws IOException {
    NotificationResult result =
        parserAt(Instant.parse("2023-04-03T06:16:40Z")).parse(testdata("cloudevents-delete.json"));
    assertThat(result.events())
        .extracting(ImageEvent::getAction)
        .containsExactly(ImageAction.IMAGE_ACTION_DELETE);
  }

  @Test
  void eventIdIsStableAcrossRedeliveryAndDiffersAcrossFormats() throws IOException {
    HarborParser parser = parserAt(Instant.parse("2023-04-03T06:16:40Z"));
    String first = parser.parse(testdata("cloudevents-delete.json")).events().get(0).getEventId();
    String again = parser.parse(testdata("cloudevents-delete.json")).events().get(0).getEventId();
    String defaultFormat =
        parserAt(Instant.ofEpochSecond(1680502598))
            .parse(testdata("default-delete.json"))
            .events()
            .get(0)
            .getEventId();
    assertThat(again).isEqualTo(first);
    assertThat(defaultFormat).isNotEqualTo(first);
  }

  @Test
  void otherEventTypesAreIgnored() throws IOException {
    NotificationResult result =
        parserAt(Instant.ofEpochSecond(1680502375)).parse(testdata("default-scan-completed.json"));
    assertThat(result.events()).isEmpty();
    assertThat(result.ignored()).isEqualTo(1);
  }

  @Test
  void staleOrFutureEventIsRefusedAsReplay() {
    Instant occurred = Instant.ofEpochSecond(1586922308);
    assertThatThrownBy(
            () ->
                parserAt(occurred.plus(Duration.ofMinutes(11)))
                    .parse(testdata("default-push.json")))
        .isInstanceOf(InvalidNotification.class)
        .hasMessageContaining("occur_at")
        .hasMessageContaining("older than the accepted window");
    assertThatThrownBy(
            () ->
                parserAt(occurred.minus(Duration.ofMinutes(11)))
                    .parse(testdata("default-push.json")))
        .hasMessageContaining("future");
    assertThatThrownBy(
            () ->
                parserAt(Instant.parse("2023-04-04T06:04:46Z"))
                    .parse(testdata("cloudevents-push.json")))
        .hasMessageContaining("time");
  }

  @Test
  void hostileVariantsAreRefusedWithThePathAtFault() throws IOException {
    Instant now = Instant.ofEpochSecond(1586922308);
    assertRefused(
        now,
        edit(r -> resource(r).put("digest", "sha256:tooshort")),
        "event_data.resources[0].digest");
    assertRefused(
        now, edit(r -> resource(r).put("tag", "v1 && rm -rf /")), "event_data.resources[0].tag");
    assertRefused(
        now,
        edit(r -> resource(r).put("resource_url", "evil.example/other/repo:latest")),
        "does not name repository test-webhook/debian");
    assertRefused(
        now, edit(r -> resource(r).put("resource_url", "../../etc/passwd")), "resource_url");
    assertRefused(now, edit(r -> repository(r).put("repo_full_name", "../Evil")), "repo_full_name");
    assertRefused(
        now,
        edit(r -> ((ObjectNode) r.get("event_data")).put("resources", "x")),
        "event_data.resources: must be an array");
    assertRefused(now, edit(r -> r.put("occur_at", "yesterday")), "occur_at");
    assertRefused(now, edit(r -> r.remove("event_data")), "event_data: missing");
    assertRefused(now, "[1,2]".getBytes(StandardCharsets.UTF_8), "must be a JSON object");
    assertRefused(
        now,
        "{\"type\":\"PUSH_ARTIFACT\",\"type\":\"PULL_ARTIFACT\"}".getBytes(StandardCharsets.UTF_8),
        "Duplicate field");
    assertRefused(
        Instant.parse("2023-04-03T06:05:00Z"),
        editCloud(r -> r.put("specversion", "0.3")),
        "specversion");
    assertRefused(
        Instant.parse("2023-04-03T06:05:00Z"),
        editCloud(r -> r.put("time", "last tuesday")),
        "time: not an RFC 3339 timestamp");
  }

  @Test
  void resourceCountIsCapped() throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(testdata("default-push.json"));
    var resources =
        (com.fasterxml.jackson.databind.node.ArrayNode) root.get("event_data").get("resources");
    for (int i = 0; i < 3; i++) {
      resources.add(resources.get(0).deepCopy());
    }
    HarborParser tight =
        new HarborParser(
            new JsonPayload(new NotificationLimits(1 << 20, 16, 2)),
            new ReplayWindow(
                Duration.ofMinutes(10),
                Clock.fixed(Instant.ofEpochSecond(1586922308), ZoneOffset.UTC)));
    assertThatThrownBy(() -> tight.parse(JSON.writeValueAsBytes(root)))
        .hasMessageContaining("exceed the limit of 2");
  }

  private static void assertRefused(Instant now, byte[] body, String reason) {
    assertThatThrownBy(() -> parserAt(now).parse(body))
        .isInstanceOf(InvalidNotification.class)
        .hasMessageContaining(reason);
  }

  private interface Edit {
    void apply(ObjectNode root);
  }

  private static byte[] edit(Edit edit) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(testdata("default-push.json"));
    edit.apply(root);
    return JSON.writeValueAsBytes(root);
  }

  private static byte[] editCloud(Edit edit) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(testdata("cloudevents-push.json"));
    edit.apply(root);
    return JSON.writeValueAsBytes(root);
  }

  private static ObjectNode resource(ObjectNode root) {
    return (ObjectNode) root.get("event_data").get("resources").get(0);
  }

  private static ObjectNode repository(ObjectNode root) {
    return (ObjectNode) root.get("event_data").get("repository");
  }

  static byte[] testdata(String name) throws IOException {
    try (InputStream in = HarborParserTest.class.getResourceAsStream("testdata/" + name)) {
      return in.readAllBytes();
    }
  }
}
