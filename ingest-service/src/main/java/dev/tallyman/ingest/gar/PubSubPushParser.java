package dev.tallyman.ingest.gar;

import static dev.tallyman.ingest.payload.JsonPayload.optionalText;
import static dev.tallyman.ingest.payload.JsonPayload.requiredObject;
import static dev.tallyman.ingest.payload.JsonPayload.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.ingest.distribution.DistributionGrammar;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.ImageEvents;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.ingest.payload.Timestamps;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.util.Base64;
import java.util.List;

/**
 * Reads a Pub/Sub push delivery ({@code {"message": {"data", "messageId", "publishTime",
 * "attributes"}, "subscription"}}) of Artifact Registry's {@code gcr} topic, whose data is base64
 * JSON {@code {"action": "INSERT"|"DELETE", "digest": "HOST/PROJECT/REPO/IMAGE@sha256:...", "tag":
 * "HOST/PROJECT/REPO/IMAGE:TAG"}}. The {@code messageId} is the source event id and {@code
 * publishTime} must lie within the replay window.
 */
public final class PubSubPushParser {
  static final String NAMESPACE = "GAR_PUBSUB";

  private final JsonPayload json;
  private final ReplayWindow window;

  public PubSubPushParser(JsonPayload json, ReplayWindow window) {
    this.json = json;
    this.window = window;
  }

  public NotificationResult parse(byte[] body) {
    JsonNode root = json.readObject(body);
    JsonNode message = requiredObject(root, "message", "");
    String id = requiredText(message, "messageId", "message");
    window.check(
        Timestamps.rfc3339(requiredText(message, "publishTime", "message"), "message.publishTime"),
        "message.publishTime");
    byte[] data;
    try {
      data = Base64.getDecoder().decode(requiredText(message, "data", "message"));
    } catch (IllegalArgumentException e) {
      throw new InvalidNotification("message.data: not base64");
    }
    JsonNode event;
    try {
      event = json.readObject(data);
    } catch (InvalidNotification e) {
      throw new InvalidNotification("message.data: " + e.getMessage(), e);
    }
    String path = "message.data";
    ImageAction action =
        switch (requiredText(event, "action", path)) {
          case "INSERT" -> ImageAction.IMAGE_ACTION_PUSH;
          case "DELETE" -> ImageAction.IMAGE_ACTION_DELETE;
          default -> null;
        };
    if (action == null) {
      return new NotificationResult(List.of(), 1);
    }
    String digestRef = optionalText(event, "digest", path);
    String tagRef = optionalText(event, "tag", path);
    if (digestRef.isEmpty() && tagRef.isEmpty()) {
      throw new InvalidNotification(path + ": neither digest nor tag");
    }
    String host = "";
    String repository = "";
    String digest = "";
    String tag = "";
    if (!digestRef.isEmpty()) {
      int at = digestRef.indexOf('@');
      if (at <= 0) {
        throw new InvalidNotification(path + ".digest: not HOST/PATH@sha256:...");
      }
      digest = ImageEvents.digest(digestRef.substring(at + 1), path + ".digest");
      String[] hr = hostAndRepository(digestRef.substring(0, at), path + ".digest");
      host = hr[0];
      repository = hr[1];
    }
    if (!tagRef.isEmpty()) {
      int colon = tagRef.lastIndexOf(':');
      if (colon <= tagRef.lastIndexOf('/')) {
        throw new InvalidNotification(path + ".tag: not HOST/PATH:TAG");
      }
      tag = ImageEvents.tag(tagRef.substring(colon + 1), path + ".tag");
      String[] hr = hostAndRepository(tagRef.substring(0, colon), path + ".tag");
      if (!host.isEmpty() && !(host.equals(hr[0]) && repository.equals(hr[1]))) {
        throw new InvalidNotification(path + ": digest and tag name different images");
      }
      host = hr[0];
      repository = hr[1];
    }
    ImageEvent image =
        ImageEvents.webhookEvent(NAMESPACE, id, host, window.now(), action)
            .setRepository(repository)
            .setDigest(digest)
            .setTag(tag)
            .build();
    return new NotificationResult(List.of(image), 0);
  }

  private static String[] hostAndRepository(String name, String path) {
    int slash = name.indexOf('/');
    if (slash <= 0) {
      throw new InvalidNotification(path + ": not HOST/PATH");
    }
    String host = name.substring(0, slash);
    if (!DistributionGrammar.isRegistryHost(host)) {
      throw new InvalidNotification(path + ": not a registry host");
    }
    return new String[] {host, ImageEvents.repository(name.substring(slash + 1), path)};
  }
}
