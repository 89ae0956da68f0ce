package dev.tallyman.ingest.rescan;

import com.google.protobuf.Timestamp;
import dev.tallyman.ingest.distribution.DistributionGrammar;
import dev.tallyman.ingest.distribution.EventIds;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the poller's known {@code repository:tag -> digest} of one registry into bulk-lane events:
 * one per digest (not per tag), carrying every location of that digest, so a digest tagged ten
 * times is analyzed once (ADR 0013).
 */
public final class RescanPlan {
  private RescanPlan() {}

  /**
   * @param host the registry's {@code host[:port]} as images are referenced
   * @param known {@code repository:tag -> digest} as the poll state holds them
   * @param repositoryPrefix only repositories equal to it or below it ({@code prefix/...}); "" for
   *     all
   */
  public static List<ImageEvent> events(
      String rescanId,
      String host,
      Map<String, String> known,
      String repositoryPrefix,
      Instant now) {
    String prefix = normalizePrefix(repositoryPrefix);
    Map<String, List<ImageLocation>> byDigest = new TreeMap<>();
    Map<String, String[]> first = new TreeMap<>();
    known.forEach(
        (repoTag, digest) -> {
          int colon = repoTag.lastIndexOf(':');
          if (colon <= 0) {
            return;
          }
          String repository = repoTag.substring(0, colon);
          String tag = repoTag.substring(colon + 1);
          if (!(prefix.isEmpty()
              || repository.equals(prefix)
              || repository.startsWith(prefix + "/"))) {
            return;
          }
          byDigest
              .computeIfAbsent(digest, d -> new ArrayList<>())
              .add(
                  ImageLocation.newBuilder()
                      .setRegistry(host)
                      .setRepository(repository)
                      .setTag(tag)
                      .build());
          first.putIfAbsent(digest, new String[] {repository, tag});
        });
    Timestamp at =
        Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    List<ImageEvent> events = new ArrayList<>();
    byDigest.forEach(
        (digest, locations) -> {
          String sourceId = rescanId + "/" + digest;
          events.add(
              ImageEvent.newBuilder()
                  .setEventId(EventIds.of(EventSource.EVENT_SOURCE_RESCAN, sourceId))
                  .setSourceEventId(sourceId)
                  .setSource(EventSource.EVENT_SOURCE_RESCAN)
                  .setPriority(Priority.PRIORITY_BULK)
                  .setAction(ImageAction.IMAGE_ACTION_PUSH)
                  .setRegistry(host)
                  .setRepository(first.get(digest)[0])
                  .setTag(first.get(digest)[1])
                  .setDigest(digest)
                  .addAllLocations(locations)
                  .setReceivedAt(at)
                  .build());
        });
    return events;
  }

  static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (!DistributionGrammar.isRepository(p)) {
      throw new InvalidNotification("repositoryPrefix: not a repository name or path prefix");
    }
    return p;
  }
}
