package dev.tallyman.ingest.artifactory;

import static dev.tallyman.ingest.payload.JsonPayload.optionalSize;
import static dev.tallyman.ingest.payload.JsonPayload.requiredObject;
import static dev.tallyman.ingest.payload.JsonPayload.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.ingest.distribution.DistributionGrammar;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.ImageEvents;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Reads a JFrog Platform predefined webhook ({@code domain, event_type, data}) and turns the {@code
 * docker}/{@code pushed} event (a tag pushed; {@code data.sha256} is the manifest digest) into a
 * push event. Other domains and events are ignored, including docker {@code deleted}: it removes a
 * tag, not the manifest (as in the Distribution parser).
 *
 * <p>The image is addressed the Artifactory "repository path" way: {@code
 * <registry>/<repo_key>/<image_name>}, with the registry host from configuration because the
 * payload does not carry the Docker host clients use. The payload has no id and no time: the event
 * id is made of repository, tag and digest, so a redelivery is a duplicate and a new digest under
 * the same tag is a new event.
 */
public final class ArtifactoryParser {
  static final String NAMESPACE = "ARTIFACTORY_WEBHOOK";

  private final JsonPayload json;
  private final String registry;
  private final Clock clock;

  public ArtifactoryParser(JsonPayload json, String registry, Clock clock) {
    if (!DistributionGrammar.isRegistryHost(registry)) {
      throw new IllegalArgumentException("not a registry host[:port]: " + registry);
    }
    this.json = json;
    this.registry = registry;
    this.clock = clock;
  }

  public NotificationResult parse(byte[] body) {
    JsonNode root = json.readObject(body);
    Instant receivedAt = clock.instant();
    String domain = requiredText(root, "domain", "");
    String eventType = requiredText(root, "event_type", "");
    if (!domain.equals("docker") || !eventType.equals("pushed")) {
      return new NotificationResult(List.of(), 1);
    }
    JsonNode data = requiredObject(root, "data", "");
    String repository =
        ImageEvents.repository(
            requiredText(data, "repo_key", "data") + "/" + requiredText(data, "image_name", "data"),
            "data.repo_key/data.image_name");
    String tag = ImageEvents.tag(requiredText(data, "tag", "data"), "data.tag");
    String digest =
        ImageEvents.digest("sha256:" + requiredText(data, "sha256", "data"), "data.sha256");
    ImageEvent event =
        ImageEvents.webhookEvent(
                NAMESPACE,
                repository + ":" + tag + "@" + digest,
                registry,
                receivedAt,
                ImageAction.IMAGE_ACTION_PUSH)
            .setRepository(repository)
            .setTag(tag)
            .setDigest(digest)
            .setSize(optionalSize(data, "size", "data"))
            .build();
    return new NotificationResult(List.of(event), 0);
  }
}
