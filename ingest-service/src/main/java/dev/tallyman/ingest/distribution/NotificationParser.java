package dev.tallyman.ingest.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.ingest.payload.Timestamps;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.Priority;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a CNCF Distribution notification envelope ({@code
 * application/vnd.docker.distribution.events.v1+json}) and turns manifest pushes and deletes into
 * {@link ImageEvent}s. The envelope is accepted or rejected as a whole: a registry retries a
 * rejected request, and a half-published envelope would be republished in part anyway.
 */
public final class NotificationParser {
  public static final String MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

  private static final int MAX_ID_LENGTH = 256;

  private final NotificationLimits limits;
  private final Clock clock;
  private final JsonPayload json;
  private final EventSource source;
  private final ReplayWindow window;

  public NotificationParser(NotificationLimits limits, Clock clock) {
    this(limits, clock, EventSource.EVENT_SOURCE_DISTRIBUTION_WEBHOOK, null);
  }

  /**
   * @param source the flavour speaking Distribution's format (GitLab's registry is a fork of it)
   * @param window when not null, every event's {@code timestamp} must lie within it
   */
  public NotificationParser(
      NotificationLimits limits, Clock clock, EventSource source, @Nullable ReplayWindow window) {
    this.limits = limits;
    this.clock = clock;
    this.json = new JsonPayload(limits);
    this.source = source;
    this.window = window;
  }

  /**
   * @throws InvalidNotification naming the field at fault; nothing of the envelope is to be used
   */
  public NotificationResult parse(byte[] body) {
    JsonNode root = json.readObject(body);
    JsonNode events = root.get("events");
    if (events == null || events.isNull()) {
      throw new InvalidNotification("events: missing");
    }
    if (!events.isArray()) {
      throw new InvalidNotification("events: must be an array");
    }
    if (events.size() > limits.maxEvents()) {
      throw new InvalidNotification(
          "events: " + events.size() + " events exceed the limit of " + limits.maxEvents());
    }
    Instant receivedAt = clock.instant();
    List<ImageEvent> accepted = new ArrayList<>();
    int ignored = 0;
    for (int i = 0; i < events.size(); i++) {
      Optional<ImageEvent> event = toImageEvent(events.get(i), "events[" + i + "]", receivedAt);
      if (event.isPresent()) {
        accepted.add(event.get());
      } else {
        ignored++;
      }
    }
    return new NotificationResult(accepted, ignored);
  }

  private Optional<ImageEvent> toImageEvent(JsonNode event, String path, Instant receivedAt) {
    if (!event.isObject()) {
      throw new InvalidNotification(path + ": must be an object");
    }
    String id = requiredText(event, "id", path);
    if (id.length() > MAX_ID_LENGTH) {
      throw new InvalidNotification(path + ".id: longer than " + MAX_ID_LENGTH + " characters");
    }
    String action = requiredText(event, "action", path);
    if (window != null) {
      String timestamp = requiredText(event, "timestamp", path);
      window.check(Timestamps.rfc3339(timestamp, path + ".timestamp"), path + ".timestamp");
    }
    return switch (action) {
      case "push" -> push(event, id, path, receivedAt);
      case "delete" -> delete(event, id, path, receivedAt);
      // pull, mount and actions added later say nothing about what needs scanning.
      default -> Optional.empty();
    };
  }

  private Optional<ImageEvent> push(JsonNode event, String id, String path, Instant receivedAt) {
    JsonNode target = requiredObject(event, "target", path);
    String targetPath = path + ".target";
    String digest = digest(target, targetPath);
    String repository = repository(target, targetPath);
    String mediaType = optionalText(target, "mediaType", targetPath);
    if (!ManifestMediaTypes.isImageManifest(mediaType)) {
      return Optional.empty(); // a layer or config blob, or a non-image artifact
    }
    return Optional.of(
        imageEvent(event, id, path, receivedAt, ImageAction.IMAGE_ACTION_PUSH)
            .setRepository(repository)
            .setDigest(digest)
            .setMediaType(ManifestMediaTypes.essence(mediaType))
            .setTag(tag(target, targetPath))
            .setSize(size(target, targetPath))
            .build());
  }

  private Optional<ImageEvent> delete(JsonNode event, String id, String path, Instant receivedAt) {
    JsonNode target = requiredObject(event, "target", path);
    String targetPath = path + ".target";
    if (optionalText(target, "digest", targetPath).isEmpty()) {
      return Optional.empty(); // a tag or repository delete: the manifest itself still exists
    }
    String digest = digest(target, targetPath);
    String repository = repository(target, targetPath);
    String mediaType = optionalText(target, "mediaType", targetPath);
    // Distribution announces manifest and blob deletes alike, without a media type; we treat
    // those as manifest deletes (a delete of a digest nobody scanned is a no-op downstream).
    if (!mediaType.isEmpty() && !ManifestMediaTypes.isImageManifest(mediaType)) {
      return Optional.empty();
    }
    return Optional.of(
        imageEvent(event, id, path, receivedAt, ImageAction.IMAGE_ACTION_DELETE)
            .setRepository(repository)
            .setDigest(digest)
            .setMediaType(mediaType.isEmpty() ? "" : ManifestMediaTypes.essence(mediaType))
            .setTag(tag(target, targetPath))
            .build());
  }

  private ImageEvent.Builder imageEvent(
      JsonNode event, String id, String path, Instant receivedAt, ImageAction action) {
    return ImageEvent.newBuilder()
        .setEventId(EventIds.of(source, id))
        .setSourceEventId(id)
        .setSource(source)
        .setRegistry(registry(event, path))
        .setReceivedAt(
            Timestamp.newBuilder()
                .setSeconds(receivedAt.getEpochSecond())
                .setNanos(receivedAt.getNano()))
        .setPriority(Priority.PRIORITY_HIGH)
        .setAction(action);
  }

  /** The registry as its clients address it: the Host header of the request, else target.url. */
  private static String registry(JsonNode event, String path) {
    JsonNode request = event.get("request");
    if (request != null && !request.isNull() && !request.isObject()) {
      throw new InvalidNotification(path + ".request: must be an object");
    }
    String host = request == null ? "" : optionalText(request, "host", path + ".request");
    if (!host.isEmpty()) {
      if (!DistributionGrammar.isRegistryHost(host)) {
        throw new InvalidNotification(path + ".request.host: not a host[:port]");
      }
      return host;
    }
    JsonNode target = event.get("target");
    String url = optionalText(target, "url", path + ".target");
    if (url.isEmpty()) {
      throw new InvalidNotification(path + ".request.host: missing (and no target.url)");
    }
    try {
      URI uri = new URI(url);
      String authority = uri.getHost() == null ? null : uri.getHost() + portSuffix(uri);
      if (!DistributionGrammar.isRegistryHost(authority)) {
        throw new InvalidNotification(path + ".target.url: has no usable host");
      }
      return authority;
    } catch (URISyntaxException e) {
      throw new InvalidNotification(path + ".target.url: not a URL", e);
    }
  }

  private static String portSuffix(URI uri) {
    return uri.getPort() < 0 ? "" : ":" + uri.getPort();
  }

  private static String digest(JsonNode target, String path) {
    String digest = requiredText(target, "digest", path);
    if (!DistributionGrammar.isDigest(digest)) {
      throw new InvalidNotification(
          path + ".digest: not a digest (expected sha256:<64 lowercase hex>)");
    }
    return digest;
  }

  private static String repository(JsonNode target, String path) {
    String repository = requiredText(target, "repository", path);
    if (!DistributionGrammar.isRepository(repository)) {
      throw new InvalidNotification(path + ".repository: not a valid repository name");
    }
    return repository;
  }

  private static String tag(JsonNode target, String path) {
    String tag = optionalText(target, "tag", path);
    if (!tag.isEmpty() && !DistributionGrammar.isTag(tag)) {
      throw new InvalidNotification(path + ".tag: not a valid tag");
    }
    return tag;
  }

  /** Distribution sends both {@code size} and its older twin {@code length}. */
  private static long size(JsonNode target, String path) {
    for (String field : List.of("size", "length")) {
      JsonNode value = target.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
        throw new InvalidNotification(path + "." + field + ": must be a non-negative integer");
      }
      return value.asLong();
    }
    return 0;
  }

  private static JsonNode requiredObject(JsonNode parent, String field, String path) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidNotification(path + "." + field + ": missing");
    }
    if (!value.isObject()) {
      throw new InvalidNotification(path + "." + field + ": must be an object");
    }
    return value;
  }

  private static String requiredText(JsonNode parent, String field, String path) {
    String value = optionalText(parent, field, path);
    if (value.isEmpty()) {
      throw new InvalidNotification(path + "." + field + ": missing");
    }
    return value;
  }

  /** The string value, or "" when absent or null; any other JSON type is an error. */
  private static String optionalText(JsonNode parent, String field, String path) {
    JsonNode value = parent == null ? null : parent.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new InvalidNotification(path + "." + field + ": must be a string");
    }
    return value.textValue();
  }
}
