package dev.tallyman.ingest.artifactory;

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

/** JFrog's documented docker "pushed" event data inside the predefined webhook envelope. */
class ArtifactoryParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ArtifactoryParser parser =
      new ArtifactoryParser(
          new JsonPayload(NotificationLimits.DEFAULT),
          "artifactory.example:8443",
          Clock.fixed(Instant.parse("2026-11-28T05:00:00Z"), ZoneOffset.UTC));

  @Test
  void dockerPushedBecomesAPushEventWithDigest() throws IOException {
    NotificationResult result = parser.parse(testdata("docker-pushed.json"));

    ImageEvent event = result.events().get(0);
    assertThat(event.getRegistry()).isEqualTo("artifactory.example:8443");
    assertThat(event.getSource())
        .isEqualTo(dev.tallyman.proto.v1.EventSource.EVENT_SOURCE_ARTIFACTORY_WEBHOOK);
    assertThat(event.getRepository()).isEqualTo("docker-remote-cache/library/ubuntu");
    assertThat(event.getTag()).isEqualTo("latest");
    assertThat(event.getDigest())
        .isEqualTo("sha256:35c4a2c15539c6c1e4e5fa4e554dac323ad0107d8eb5c582d6ff386b383b7dce");
    assertThat(event.getSize()).isEqualTo(1206);
    assertThat(event.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
  }

  @Test
  void otherDomainsAndDockerTagDeletesAreIgnored() throws IOException {
    NotificationResult artifact = parser.parse(testdata("artifact-deployed.json"));
    NotificationResult deleted = parser.parse(edit(r -> r.put("event_type", "deleted")));
    assertThat(artifact.events()).isEmpty();
    assertThat(artifact.ignored()).isEqualTo(1);
    assertThat(deleted.events()).isEmpty();
    assertThat(deleted.ignored()).isEqualTo(1);
  }

  @Test
  void hostileVariantsAreRefused() {
    assertRefused(r -> data(r).put("sha256", "35C4"), "data.sha256: not a digest");
    assertRefused(r -> data(r).put("sha256", "sha256:35c4"), "data.sha256");
    assertRefused(r -> data(r).put("repo_key", "Docker Local"), "not a valid repository name");
    assertRefused(r -> data(r).put("image_name", "../../etc"), "not a valid repository name");
    assertRefused(r -> data(r).put("tag", ""), "data.tag: missing");
    assertRefused(r -> data(r).put("size", -1), "data.size");
    assertRefused(r -> r.put("data", "x"), "data: must be an object");
    assertRefused(r -> r.remove("domain"), "domain: missing");
  }

  private static ObjectNode data(ObjectNode root) {
    return (ObjectNode) root.get("data");
  }

  private void assertRefused(Consumer<ObjectNode> change, String reason) {
    assertThatThrownBy(() -> parser.parse(edit(change)))
        .isInstanceOf(InvalidNotification.class)
        .hasMessageContaining(reason);
  }

  private static byte[] edit(Consumer<ObjectNode> change) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(testdata("docker-pushed.json"));
    change.accept(root);
    return JSON.writeValueAsBytes(root);
  }

  static byte[] testdata(String name) throws IOException {
    try (InputStream in = ArtifactoryParserTest.class.getResourceAsStream("testdata/" + name)) {
      return in.readAllBytes();
    }
  }
}
