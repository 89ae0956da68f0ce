package dev.tallyman.ingest.quay;

import static dev.tallyman.ingest.payload.JsonPayload.requiredArray;
import static dev.tallyman.ingest.payload.JsonPayload.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.ImageEvents;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Quay's "Push to Repository" notification ({@code repository, namespace, name, docker_url,
 * homepage, updated_tags[]}). Quay names tags, not digests: each tag becomes a push event with an
 * empty digest and media type, and the analyzer resolves the tag when it fetches the manifest.
 *
 * <p>The payload has neither an id nor a time, so there is no replay window, and a redelivery
 * cannot be told from a new push of the same tag: each delivery gets fresh event ids (a repeated
 * analysis of a tag is harmless; a missed one is not).
 */
public final class QuayParser {
  static final String NAMESPACE = "QUAY_WEBHOOK";

  private final JsonPayload json;
  private final Clock clock;

  public QuayParser(JsonPayload json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  public NotificationResult parse(byte[] body) {
    JsonNode root = json.readObject(body);
    Instant receivedAt = clock.instant();
    String repository = ImageEvents.repository(requiredText(root, "repository", ""), "repository");
    String registry =
        ImageEvents.hostOfReference(requiredText(root, "docker_url", ""), repository, "docker_url");
    if (!root.has("updated_tags")) {
      // build, vulnerability and other notifications share the endpoint but carry no tags
      return new NotificationResult(List.of(), 1);
    }
    JsonNode tags = requiredArray(root, "updated_tags", "", json.limits().maxEvents());
    List<ImageEvent> events = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      String path = "updated_tags[" + i + "]";
      JsonNode value = tags.get(i);
      if (!value.isTextual()) {
        throw new InvalidNotification(path + ": must be a string");
      }
      String tag = ImageEvents.tag(value.textValue(), path);
      String sourceId = repository + ":" + tag + "@" + receivedAt.toEpochMilli() + "#" + i;
      events.add(
          ImageEvents.webhookEvent(
                  NAMESPACE, sourceId, registry, receivedAt, ImageAction.IMAGE_ACTION_PUSH)
              .setRepository(repository)
              .setTag(tag)
              .build());
    }
    return new NotificationResult(events, 0);
  }
}
