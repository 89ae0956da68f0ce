package dev.tallyman.ingest.poll;

import com.google.protobuf.Timestamp;
import dev.tallyman.ingest.distribution.ManifestMediaTypes;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.Priority;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** The ImageEvent a poll emits for a new or changed tag. */
public final class PollEvents {
  private PollEvents() {}

  /**
   * Deterministic: the same (registry, repository, tag, digest) found by any replica, on any poll,
   * has the same id, so a re-emission after a crash is recognisable downstream. Fields are joined
   * with {@code |}, which no registry host, repository, tag or digest contains.
   */
  public static String eventId(String registry, String repository, String tag, String digest) {
    String source = "POLL|" + registry + "|" + repository + "|" + tag + "|" + digest;
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static ImageEvent pushed(
      RegistrySpec spec,
      String repository,
      String tag,
      RegistryClient.Resolved manifest,
      Instant now) {
    String id = eventId(spec.host(), repository, tag, manifest.digest());
    return ImageEvent.newBuilder()
        .setEventId(id)
        .setSourceEventId(id)
        .setSource(EventSource.EVENT_SOURCE_POLL)
        .setPriority(Priority.PRIORITY_BULK)
        .setAction(ImageAction.IMAGE_ACTION_PUSH)
        .setRegistry(spec.host())
        .setRepository(repository)
        .setTag(tag)
        .setDigest(manifest.digest())
        .setMediaType(
            ManifestMediaTypes.isImageManifest(manifest.mediaType())
                ? ManifestMediaTypes.essence(manifest.mediaType())
                : "")
        .setSize(manifest.size())
        .setReceivedAt(
            Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .build();
  }
}
