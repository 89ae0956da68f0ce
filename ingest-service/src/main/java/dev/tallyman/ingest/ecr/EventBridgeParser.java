package dev.tallyman.ingest.ecr;

import static dev.tallyman.ingest.payload.JsonPayload.optionalText;
import static dev.tallyman.ingest.payload.JsonPayload.requiredObject;
import static dev.tallyman.ingest.payload.JsonPayload.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.ManifestMediaTypes;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.ImageEvents;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.ingest.payload.Timestamps;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads an Amazon EventBridge event from Amazon ECR ({@code source: aws.ecr}, {@code detail-type:
 * ECR Image Action}; {@code detail.action-type} PUSH or DELETE, {@code detail.result} SUCCESS). The
 * registry is {@code <account>.dkr.ecr.<region>.amazonaws.com}. The event's own {@code time} must
 * lie within the replay window; its {@code id} is the source event id, so the same event delivered
 * through an API destination and through SNS is published once.
 */
public final class EventBridgeParser {
  static final String NAMESPACE = "ECR_EVENTBRIDGE";
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

  private final JsonPayload json;
  private final ReplayWindow window;

  public EventBridgeParser(JsonPayload json, ReplayWindow window) {
    this.json = json;
    this.window = window;
  }

  public NotificationResult parse(byte[] body) {
    return parse(json.readObject(body), "");
  }

  /** Parses an already read event; {@code path} prefixes the reasons (e.g. {@code Message}). */
  public NotificationResult parse(JsonNode root, String path) {
    String id = requiredText(root, "id", path);
    String source = requiredText(root, "source", path);
    String detailType = requiredText(root, "detail-type", path);
    window.check(
        Timestamps.rfc3339(requiredText(root, "time", path), JsonPayload.path(path, "time")),
        JsonPayload.path(path, "time"));
    if (!source.equals("aws.ecr") || !detailType.equals("ECR Image Action")) {
      return new NotificationResult(List.of(), 1); // scans, replication, pull-through: not ours
    }
    String account = requiredText(root, "account", path);
    if (!ACCOUNT.matcher(account).matches()) {
      throw new InvalidNotification(JsonPayload.path(path, "account") + ": not a 12-digit id");
    }
    String region = requiredText(root, "region", path);
    if (!REGION.matcher(region).matches()) {
      throw new InvalidNotification(JsonPayload.path(path, "region") + ": not an AWS region");
    }
    String detailPath = JsonPayload.path(path, "detail");
    JsonNode detail = requiredObject(root, "detail", path);
    if (!"SUCCESS".equals(requiredText(detail, "result", detailPath))) {
      return new NotificationResult(List.of(), 1); // a failed push changed nothing
    }
    ImageAction action =
        switch (requiredText(detail, "action-type", detailPath)) {
          case "PUSH" -> ImageAction.IMAGE_ACTION_PUSH;
          case "DELETE" -> ImageAction.IMAGE_ACTION_DELETE;
          default -> null;
        };
    if (action == null) {
      return new NotificationResult(List.of(), 1);
    }
    String repository =
        ImageEvents.repository(
            requiredText(detail, "repository-name", detailPath), detailPath + ".repository-name");
    String digest =
        ImageEvents.digest(
            requiredText(detail, "image-digest", detailPath), detailPath + ".image-digest");
    String tag = optionalText(detail, "image-tag", detailPath);
    if (!tag.isEmpty()) {
      ImageEvents.tag(tag, detailPath + ".image-tag");
    }
    String mediaType = optionalText(detail, "manifest-media-type", detailPath);
    String registry = account + ".dkr.ecr." + region + ".amazonaws.com";
    ImageEvent event =
        ImageEvents.webhookEvent(NAMESPACE, id, registry, window.now(), action)
            .setRepository(repository)
            .setDigest(digest)
            .setTag(tag)
            .setMediaType(
                ManifestMediaTypes.isImageManifest(mediaType)
                    ? ManifestMediaTypes.essence(mediaType)
                    : "")
            .build();
    return new NotificationResult(List.of(event), 0);
  }
}
