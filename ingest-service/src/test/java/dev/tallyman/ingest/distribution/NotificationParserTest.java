package dev.tallyman.ingest.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.Priority;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationParserTest {
  private static final Instant NOW = Instant.parse("2026-11-28T03:00:00.123456789Z");
  private static final String SAMPLE_DIGEST =
      "sha256:c7f3cdd9a11c9c9058f1930ccd4689562253d6ef94fbcc086f5ce8920cb02abc";
  private static final String LAYER_DIGEST =
      "sha256:9779c289bec5394fa4acc68beff80ac739a7314e4f185f7e1135b89f49d63037";

  private final ObjectMapper json = new ObjectMapper();
  private final NotificationParser parser =
      new NotificationParser(NotificationLimits.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
  private ObjectNode sample;

  @BeforeEach
  void loadSample() throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("testdata/registry-notification-sample.json")) {
      sample = (ObjectNode) json.readTree(in);
    }
  }

  @Test
  void realSampleBecomesOnePushEvent() throws Exception {
    NotificationResult result = parser.parse(bytes(sample));

    assertThat(result.ignored()).isZero();
    assertThat(result.events()).hasSize(1);
    ImageEvent event = result.events().get(0);
    assertThat(event.getRegistry()).isEqualTo("127.0.0.1:15000");
    assertThat(event.getRepository()).isEqualTo("feas/hello");
    assertThat(event.getTag()).isEqualTo("v1");
    assertThat(event.getDigest()).isEqualTo(SAMPLE_DIGEST);
    assertThat(event.getMediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(event.getSize()).isEqualTo(348);
    assertThat(event.getSource()).isEqualTo(EventSource.EVENT_SOURCE_DISTRIBUTION_WEBHOOK);
    assertThat(event.getPriority()).isEqualTo(Priority.PRIORITY_HIGH);
    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
    assertThat(event.getSourceEventId()).isEqualTo("71e1db50-28cf-49f6-8de3-42d24bf77196");
    assertThat(event.getReceivedAt().getSeconds()).isEqualTo(NOW.getEpochSecond());
    assertThat(event.getReceivedAt().getNanos()).isEqualTo(NOW.getNano());
    String expectedId =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(
                        "EVENT_SOURCE_DISTRIBUTION_WEBHOOK:71e1db50-28cf-49f6-8de3-42d24bf77196"
                            .getBytes(StandardCharsets.UTF_8)));
    assertThat(event.getEventId()).isEqualTo(expectedId);
  }

  @Test
  void eventIdIsStableAcrossRedeliveryAndDiffersPerSourceEvent() {
    String first = parser.parse(bytes(sample)).events().get(0).getEventId();
    String again = parser.parse(bytes(sample)).events().get(0).getEventId();
    event(0).put("id", "another-id");
    String other = parser.parse(bytes(sample)).events().get(0).getEventId();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first).hasSize(64);
  }

  @Test
  void notJsonIsRejected() {
    assertRejected("this is not json".getBytes(StandardCharsets.UTF_8), "body: not valid JSON");
  }

  @Test
  void truncatedJsonIsRejected() {
    byte[] whole = bytes(sample);
    byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
    assertRejected(half, "body: not valid JSON");
  }

  @Test
  void emptyBodyIsRejected() {
    assertRejected(new byte[0], "body: empty");
  }

  @Test
  void trailingGarbageIsRejected() {
    byte[] body = (sample.toString() + " {}").getBytes(StandardCharsets.UTF_8);
    assertRejected(body, "body: not valid JSON");
  }

  @Test
  void duplicateKeysAreRejected() {
    String body =
        sample
            .toString()
            .replace(
                "\"digest\":\"" + SAMPLE_DIGEST + "\"",
                "\"digest\":\"" + SAMPLE_DIGEST + "\",\"digest\":\"" + LAYER_DIGEST + "\"");
    assertThat(body).contains(LAYER_DIGEST + "\",\"length\"");
    assertRejected(body.getBytes(StandardCharsets.UTF_8), "body: not valid JSON");
  }

  @Test
  void rootMustBeAnObject() {
    assertRejected("[1,2]".getBytes(StandardCharsets.UTF_8), "body: must be a JSON object");
  }

  @Test
  void missingEventsIsRejected() {
    sample.remove("events");
    assertRejected(bytes(sample), "events: missing");
  }

  @Test
  void eventsMustBeAnArray() {
    sample.put("events", "push");
    assertRejected(bytes(sample), "events: must be an array");
  }

  @Test
  void eventMustBeAnObject() {
    events().add("push");
    assertRejected(bytes(sample), "events[1]: must be an object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sha256:C7F3CDD9A11C9C9058F1930CCD4689562253D6EF94FBCC086F5CE8920CB02ABC",
        "sha256:c7f3cdd9",
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "c7f3cdd9a11c9c9058f1930ccd4689562253d6ef94fbcc086f5ce8920cb02abc",
        "sha256:c7f3cdd9a11c9c9058f1930ccd4689562253d6ef94fbcc086f5ce8920cb02abc\n"
      })
  void badDigestIsRejectedNamingTheField(String digest) {
    target(0).put("digest", digest);
    assertRejected(bytes(sample), "events[0].target.digest: not a digest");
  }

  @Test
  void digestMustBeAString() {
    target(0).put("digest", 42);
    assertRejected(bytes(sample), "events[0].target.digest: must be a string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Feas/Hello", "../etc/passwd", "feas/", "/feas", "feas//hello", "a b"})
  void badRepositoryIsRejected(String repository) {
    target(0).put("repository", repository);
    assertRejected(bytes(sample), "events[0].target.repository: not a valid repository name");
  }

  @Test
  void overlongRepositoryIsRejected() {
    target(0).put("repository", "a".repeat(256));
    assertRejected(bytes(sample), "events[0].target.repository");
  }

  @Test
  void badTagIsRejected() {
    target(0).put("tag", "-v1");
    assertRejected(bytes(sample), "events[0].target.tag: not a valid tag");
  }

  @Test
  void negativeSizeIsRejected() {
    target(0).put("size", -1);
    assertRejected(bytes(sample), "events[0].target.size: must be a non-negative integer");
  }

  @Test
  void missingEventIdIsRejected() {
    event(0).remove("id");
    assertRejected(bytes(sample), "events[0].id: missing");
  }

  @Test
  void badHostIsRejected() {
    ((ObjectNode) event(0).get("request")).put("host", "evil/host?x");
    assertRejected(bytes(sample), "events[0].request.host: not a host[:port]");
  }

  @Test
  void registryFallsBackToHostOfTargetUrl() {
    event(0).remove("request");
    ImageEvent event = parser.parse(bytes(sample)).events().get(0);
    assertThat(event.getRegistry()).isEqualTo("127.0.0.1:15000");
  }

  @Test
  void registryIsRequiredSomewhere() {
    event(0).remove("request");
    target(0).remove("url");
    assertRejected(bytes(sample), "events[0].request.host: missing");
  }

  @Test
  void bodyOverTheCapIsRejectedBeforeParsing() {
    NotificationParser small =
        new NotificationParser(new NotificationLimits(1024, 16, 10), Clock.systemUTC());
    target(0).put("padding", "x".repeat(2000));
    byte[] body = bytes(sample);
    assertThatThrownBy(() -> small.parse(body))
        .isInstanceOf(InvalidNotification.class)
        .hasMessage("body: " + body.length + " bytes exceeds the limit of 1024");
  }

  @Test
  void hugeBodyIsRejectedAtTheDefaultCap() {
    byte[] huge = new byte[NotificationLimits.DEFAULT.maxBodyBytes() + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertRejected(huge, "exceeds the limit of 1048576");
  }

  @Test
  void deepNestingIsRejected() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    String body = "{\"events\":[{\"id\":\"x\",\"action\":\"pull\",\"extra\":" + deep + "}]}";
    assertRejected(body.getBytes(StandardCharsets.UTF_8), "Document nesting depth");
  }

  @Test
  void tooManyEventsAreRejected() {
    NotificationParser small =
        new NotificationParser(new NotificationLimits(1 << 20, 16, 2), Clock.systemUTC());
    events().add(event(0).deepCopy());
    events().add(event(0).deepCopy());
    assertThatThrownBy(() -> small.parse(bytes(sample)))
        .isInstanceOf(InvalidNotification.class)
        .hasMessage("events: 3 events exceed the limit of 2");
  }

  @Test
  void pullOnlyIsIgnored() {
    event(0).put("action", "pull");
    events().add(event(0).deepCopy());
    NotificationResult result = parser.parse(bytes(sample));
    assertThat(result.events()).isEmpty();
    assertThat(result.ignored()).isEqualTo(2);
  }

  @Test
  void blobPushOnlyIsIgnored() {
    target(0).put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip");
    target(0).put("digest", LAYER_DIGEST);
    target(0).remove("tag");
    NotificationResult result = parser.parse(bytes(sample));
    assertThat(result.events()).isEmpty();
    assertThat(result.ignored()).isEqualTo(1);
  }

  @Test
  void blobPushStillNeedsAValidDigest() {
    target(0).put("mediaType", "application/octet-stream");
    target(0).put("digest", "sha256:nothex");
    assertRejected(bytes(sample), "events[0].target.digest");
  }

  @Test
  void mixedEnvelopeKeepsManifestEventsInOrder() {
    ObjectNode manifest = event(0).deepCopy();
    ObjectNode blob = event(0).deepCopy();
    ((ObjectNode) blob.get("target")).put("mediaType", "application/octet-stream");
    ((ObjectNode) blob.get("target")).put("digest", LAYER_DIGEST);
    ObjectNode pull = event(0).deepCopy();
    pull.put("action", "pull").put("id", "pull-1");
    ObjectNode index = event(0).deepCopy();
    index.put("id", "index-1");
    ((ObjectNode) index.get("target"))
        .put(
            "mediaType", "application/vnd.docker.distribution.manifest.list.v2+json; charset=utf-8")
        .put("repository", "library/debian")
        .put("tag", "bookworm");
    ObjectNode mount = blob.deepCopy().put("action", "mount").put("id", "mount-1");
    events().removeAll().add(blob).add(manifest).add(pull).add(mount).add(index);

    NotificationResult result = parser.parse(bytes(sample));

    assertThat(result.ignored()).isEqualTo(3);
    assertThat(result.events())
        .extracting(ImageEvent::getRepository, ImageEvent::getTag, ImageEvent::getMediaType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "feas/hello", "v1", "application/vnd.oci.image.manifest.v1+json"),
            org.assertj.core.groups.Tuple.tuple(
                "library/debian",
                "bookworm",
                "application/vnd.docker.distribution.manifest.list.v2+json"));
  }

  @Test
  void oneBadEventRejectsTheWholeEnvelope() {
    ObjectNode bad = event(0).deepCopy();
    ((ObjectNode) bad.get("target")).remove("digest");
    events().add(event(0).deepCopy()).add(bad);
    assertRejected(bytes(sample), "events[2].target.digest: missing");
  }

  @Test
  void manifestDeleteBecomesDeleteEvent() {
    // Distribution's manifest delete event carries only repository and digest.
    ObjectNode target = json.createObjectNode();
    target.put("repository", "feas/hello").put("digest", SAMPLE_DIGEST);
    event(0).put("action", "delete").set("target", target);
    ((ObjectNode) event(0).get("request")).put("method", "DELETE");

    ImageEvent event = parser.parse(bytes(sample)).events().get(0);

    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_DELETE);
    assertThat(event.getDigest()).isEqualTo(SAMPLE_DIGEST);
    assertThat(event.getRepository()).isEqualTo("feas/hello");
    assertThat(event.getRegistry()).isEqualTo("127.0.0.1:15000");
    assertThat(event.getPriority()).isEqualTo(Priority.PRIORITY_HIGH);
  }

  @Test
  void tagDeleteAndBlobDeleteAreIgnored() {
    ObjectNode tagDelete = event(0).deepCopy().put("action", "delete");
    tagDelete.set(
        "target", json.createObjectNode().put("repository", "feas/hello").put("tag", "v1"));
    ObjectNode blobDelete = event(0).deepCopy().put("action", "delete");
    blobDelete.set(
        "target",
        json.createObjectNode()
            .put("repository", "feas/hello")
            .put("digest", LAYER_DIGEST)
            .put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"));
    events().removeAll().add(tagDelete).add(blobDelete);

    NotificationResult result = parser.parse(bytes(sample));
    assertThat(result.events()).isEmpty();
    assertThat(result.ignored()).isEqualTo(2);
  }

  @Test
  void unknownActionsAreIgnoredButActionIsRequired() {
    event(0).put("action", "teleport");
    assertThat(parser.parse(bytes(sample)).ignored()).isEqualTo(1);
    event(0).remove("action");
    assertRejected(bytes(sample), "events[0].action: missing");
  }

  @Test
  void emptyEventsArrayIsAcceptedAsNothing() {
    events().removeAll();
    NotificationResult result = parser.parse(bytes(sample));
    assertThat(result.events()).isEmpty();
    assertThat(result.ignored()).isZero();
  }

  private void assertRejected(byte[] body, String reason) {
    assertThatThrownBy(() -> parser.parse(body))
        .isInstanceOf(InvalidNotification.class)
        .hasMessageContaining(reason);
  }

  private ArrayNode events() {
    return (ArrayNode) sample.get("events");
  }

  private ObjectNode event(int i) {
    return (ObjectNode) events().get(i);
  }

  private ObjectNode target(int i) {
    return (ObjectNode) event(i).get("target");
  }

  private static byte[] bytes(ObjectNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
