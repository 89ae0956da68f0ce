package dev.tallyman.ingest.payload;

import com.google.protobuf.Timestamp;
import dev.tallyman.ingest.distribution.DistributionGrammar;
import dev.tallyman.ingest.distribution.EventIds;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.Priority;
import java.time.Instant;

/** Building blocks the flavour parsers share for the ImageEvents they emit. */
public final class ImageEvents {
  private ImageEvents() {}

  /** Longest registry-supplied id we carry; real ids are UUIDs or short composites. */
  public static final int MAX_SOURCE_ID_LENGTH = 512;

  /**
   * An event from a registry webhook. The {@code namespace} (e.g. {@code HARBOR_WEBHOOK}) names the
   * flavour: it keeps the flavours' event ids apart and is the {@code EVENT_SOURCE_<namespace>}
   * value of the event's source.
   */
  public static ImageEvent.Builder webhookEvent(
      String namespace,
      String sourceEventId,
      String registry,
      Instant receivedAt,
      ImageAction action) {
    if (sourceEventId.length() > MAX_SOURCE_ID_LENGTH) {
      throw new InvalidNotification(
          "event id: longer than " + MAX_SOURCE_ID_LENGTH + " characters");
    }
    return ImageEvent.newBuilder()
        .setEventId(EventIds.of(namespace, sourceEventId))
        .setSourceEventId(sourceEventId)
        .setSource(EventSource.valueOf("EVENT_SOURCE_" + namespace))
        .setRegistry(registry)
        .setReceivedAt(
            Timestamp.newBuilder()
                .setSeconds(receivedAt.getEpochSecond())
                .setNanos(receivedAt.getNano()))
        .setPriority(Priority.PRIORITY_HIGH)
        .setAction(action);
  }

  public static String repository(String value, String path) {
    if (!DistributionGrammar.isRepository(value)) {
      throw new InvalidNotification(path + ": not a valid repository name");
    }
    return value;
  }

  public static String tag(String value, String path) {
    if (!DistributionGrammar.isTag(value)) {
      throw new InvalidNotification(path + ": not a valid tag");
    }
    return value;
  }

  public static String digest(String value, String path) {
    if (!DistributionGrammar.isDigest(value)) {
      throw new InvalidNotification(path + ": not a digest (expected sha256:<64 lowercase hex>)");
    }
    return value;
  }

  /**
   * Splits {@code host[:port]/repository[:tag|@digest]} as registries print pull references, and
   * checks that it names {@code repository}. Returns the host.
   */
  public static String hostOfReference(String reference, String repository, String path) {
    int slash = reference.indexOf('/');
    if (slash <= 0) {
      throw new InvalidNotification(path + ": not host/repository");
    }
    String host = reference.substring(0, slash);
    if (!DistributionGrammar.isRegistryHost(host)) {
      throw new InvalidNotification(path + ": not a host[:port]");
    }
    String rest = reference.substring(slash + 1);
    if (!(rest.equals(repository)
        || rest.startsWith(repository + ":")
        || rest.startsWith(repository + "@"))) {
      throw new InvalidNotification(path + ": does not name repository " + repository);
    }
    return host;
  }
}
