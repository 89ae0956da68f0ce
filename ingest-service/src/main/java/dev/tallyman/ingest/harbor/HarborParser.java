package dev.tallyman.ingest.harbor;

import static dev.tallyman.ingest.payload.JsonPayload.requiredArray;
import static dev.tallyman.ingest.payload.JsonPayload.requiredEpochSeconds;
import static dev.tallyman.ingest.payload.JsonPayload.requiredObject;
import static dev.tallyman.ingest.payload.JsonPayload.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.ImageEvents;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Harbor's webhook payloads, in both formats a Harbor policy can choose: "Default" ({@code
 * type, occur_at, operator, event_data}) and "CloudEvents" (Harbor 2.8+, structured mode: {@code
 * specversion, id, type, time, data}). Artifact pushes and deletes become one ImageEvent per
 * resource; every other event type is counted as ignored.
 */
public final class HarborParser {
  static final String NAMESPACE = "HARBOR_WEBHOOK";

  private final JsonPayload json;
  private final ReplayWindow window;

  public HarborParser(JsonPayload json, ReplayWindow window) {
    this.json = json;
    this.window = window;
  }

  public NotificationResult parse(byte[] body) {
    JsonNode root = json.readObject(body);
    Instant receivedAt = window.now();
    String type;
    JsonNode data;
    String deliveryId;
    if (root.has("specversion")) {
      String specversion = requiredText(root, "specversion", "");
      if (!specversion.equals("1.0")) {
        throw new InvalidNotification("specversion: only CloudEvents 1.0 is understood");
      }
      String id = requiredText(root, "id", "");
      type = requiredText(root, "type", "");
      window.check(rfc3339(requiredText(root, "time", ""), "time"), "time");
      data = requiredObject(root, "data", "");
      deliveryId = "ce/" + id;
    } else {
      type = requiredText(root, "type", "");
      long occurAt = requiredEpochSeconds(root, "occur_at", "");
      window.check(Instant.ofEpochSecond(occurAt), "occur_at");
      data = requiredObject(root, "event_data", "");
      // the Default format has no event id: type and time stand in for it
      deliveryId = type + "/" + occurAt;
    }
    String dataPath = root.has("specversion") ? "data" : "event_data";
    ImageAction action =
        switch (type) {
          case "PUSH_ARTIFACT", "harbor.artifact.pushed" -> ImageAction.IMAGE_ACTION_PUSH;
          case "DELETE_ARTIFACT", "harbor.artifact.deleted" -> ImageAction.IMAGE_ACTION_DELETE;
          default -> null; // pulls, scans, quotas, replication: nothing new to scan
        };
    if (action == null) {
      return new NotificationResult(List.of(), 1);
    }
    JsonNode repository = requiredObject(data, "repository", dataPath);
    String repoPath = dataPath + ".repository";
    String repo =
        ImageEvents.repository(
            requiredText(repository, "repo_full_name", repoPath), repoPath + ".repo_full_name");
    JsonNode resources = requiredArray(data, "resources", dataPath, json.limits().maxEvents());
    List<ImageEvent> events = new ArrayList<>();
    for (int i = 0; i < resources.size(); i++) {
      String path = dataPath + ".resources[" + i + "]";
      JsonNode resource = resources.get(i);
      if (!resource.isObject()) {
        throw new InvalidNotification(path + ": must be an object");
      }
      String digest = ImageEvents.digest(requiredText(resource, "digest", path), path + ".digest");
      String tag = JsonPayload.optionalText(resource, "tag", path);
      // an artifact pushed by digest is announced with the digest in the tag field
      if (tag.equals(digest)) {
        tag = "";
      } else if (!tag.isEmpty()) {
        ImageEvents.tag(tag, path + ".tag");
      }
      String registry =
          ImageEvents.hostOfReference(
              requiredText(resource, "resource_url", path), repo, path + ".resource_url");
      String sourceId = deliveryId + "/" + repo + "@" + digest + (tag.isEmpty() ? "" : ":" + tag);
      events.add(
          ImageEvents.webhookEvent(NAMESPACE, sourceId, registry, receivedAt, action)
              .setRepository(repo)
              .setDigest(digest)
              .setTag(tag)
              .build());
    }
    return new NotificationResult(events, 0);
  }

  private static Instant rfc3339(String value, String path) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidNotification(path + ": not an RFC 3339 timestamp", e);
    }
  }
}
