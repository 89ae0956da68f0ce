package dev.tallyman.ingest.acr;

import static dev.tallyman.ingest.payload.JsonPayload.optionalSize;
import static dev.tallyman.ingest.payload.JsonPayload.optionalText;
import static dev.tallyman.ingest.payload.JsonPayload.requiredObject;
import static dev.tallyman.ingest.payload.JsonPayload.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.ingest.distribution.DistributionGrammar;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.ManifestMediaTypes;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.ImageEvents;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.ingest.payload.Timestamps;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Azure Container Registry events as Azure Event Grid delivers them to a webhook, in either
 * schema a subscription can choose: the Event Grid schema (a JSON array of {@code id, topic,
 * subject, eventType, eventTime, data, dataVersion, metadataVersion}) and the CloudEvents 1.0
 * schema (one structured event, or a batch array, with {@code specversion, type, source, id, time,
 * data}). {@code Microsoft.ContainerRegistry.ImagePushed} and {@code ImageDeleted} become
 * ImageEvents; chart events and others are ignored. A {@code
 * Microsoft.EventGrid.SubscriptionValidationEvent} is the subscription handshake: it is answered
 * with {@code {"validationResponse": <data.validationCode>}} and nothing is published.
 */
public final class EventGridParser {
  static final String NAMESPACE = "ACR_EVENT_GRID";
  static final String VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent";
  static final String PUSHED = "Microsoft.ContainerRegistry.ImagePushed";
  static final String DELETED = "Microsoft.ContainerRegistry.ImageDeleted";
  private static final int MAX_VALIDATION_CODE = 256;

  /** The handshake answer Event Grid expects. */
  @Serdeable
  public record ValidationResponse(String validationResponse) {}

  private final JsonPayload json;
  private final ReplayWindow window;

  public EventGridParser(JsonPayload json, ReplayWindow window) {
    this.json = json;
    this.window = window;
  }

  public NotificationResult parse(byte[] body) {
    JsonNode root = json.readObjectOrArray(body);
    List<JsonNode> items = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(items::add);
    } else {
      items.add(root);
    }
    if (items.isEmpty()) {
      throw new InvalidNotification("body: no events");
    }
    Instant receivedAt = window.now();
    List<ImageEvent> events = new ArrayList<>();
    int ignored = 0;
    for (int i = 0; i < items.size(); i++) {
      String path = root.isArray() ? "[" + i + "]" : "";
      JsonNode item = items.get(i);
      if (!item.isObject()) {
        throw new InvalidNotification(at(path) + ": must be an object");
      }
      boolean cloudEvent = item.has("specversion");
      if (cloudEvent && !"1.0".equals(optionalText(item, "specversion", path))) {
        throw new InvalidNotification(
            JsonPayload.path(path, "specversion") + ": only CloudEvents 1.0 is understood");
      }
      String type = requiredText(item, cloudEvent ? "type" : "eventType", path);
      String id = requiredText(item, "id", path);
      if (type.equals(VALIDATION)) {
        if (items.size() != 1) {
          throw new InvalidNotification(at(path) + ": a validation event must come alone");
        }
        JsonNode data = requiredObject(item, "data", path);
        String code = requiredText(data, "validationCode", JsonPayload.path(path, "data"));
        if (code.length() > MAX_VALIDATION_CODE) {
          throw new InvalidNotification(
              JsonPayload.path(path, "data.validationCode") + ": too long");
        }
        return NotificationResult.handshake(new ValidationResponse(code));
      }
      String timeField = cloudEvent ? "time" : "eventTime";
      window.check(
          Timestamps.rfc3339(
              requiredText(item, timeField, path), JsonPayload.path(path, timeField)),
          JsonPayload.path(path, timeField));
      ImageAction action =
          switch (type) {
            case PUSHED -> ImageAction.IMAGE_ACTION_PUSH;
            case DELETED -> ImageAction.IMAGE_ACTION_DELETE;
            default -> null; // chart pushes and deletes, quarantine, other resources
          };
      if (action == null) {
        ignored++;
        continue;
      }
      events.add(image(item, id, action, path, receivedAt));
    }
    return new NotificationResult(events, ignored);
  }

  private ImageEvent image(
      JsonNode item, String id, ImageAction action, String path, Instant receivedAt) {
    String dataPath = JsonPayload.path(path, "data");
    JsonNode data = requiredObject(item, "data", path);
    JsonNode target = requiredObject(data, "target", dataPath);
    String targetPath = dataPath + ".target";
    JsonNode request = requiredObject(data, "request", dataPath);
    String host = requiredText(request, "host", dataPath + ".request");
    if (!DistributionGrammar.isRegistryHost(host)) {
      throw new InvalidNotification(dataPath + ".request.host: not a host[:port]");
    }
    String repository =
        ImageEvents.repository(
            requiredText(target, "repository", targetPath), targetPath + ".repository");
    String digest =
        ImageEvents.digest(requiredText(target, "digest", targetPath), targetPath + ".digest");
    String tag = optionalText(target, "tag", targetPath);
    if (!tag.isEmpty()) {
      ImageEvents.tag(tag, targetPath + ".tag");
    }
    String mediaType = optionalText(target, "mediaType", targetPath);
    return ImageEvents.webhookEvent(NAMESPACE, id, host, receivedAt, action)
        .setRepository(repository)
        .setDigest(digest)
        .setTag(tag)
        .setMediaType(
            ManifestMediaTypes.isImageManifest(mediaType)
                ? ManifestMediaTypes.essence(mediaType)
                : "")
        .setSize(optionalSize(target, "size", targetPath))
        .build();
  }

  private static String at(String path) {
    return path.isEmpty() ? "body" : path;
  }
}
