package dev.tallyman.ingest.lanes;

import dev.tallyman.contracts.Topics;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.Priority;

/**
 * Which lane an ImageEvent travels in (ADR 0013): pushes and on-demand scans ({@code
 * PRIORITY_HIGH}) go to {@code image-events}, polling and bulk rescans ({@code PRIORITY_BULK}) to
 * {@code image-events-bulk}, which analyzers only read while the priority lane is drained.
 */
public final class Lanes {
  private final String priority;
  private final String bulk;

  public Lanes(Topics topics) {
    this.priority = topics.imageEvents();
    this.bulk = topics.imageEventsBulk();
  }

  public String topicFor(ImageEvent event) {
    return event.getPriority() == Priority.PRIORITY_BULK ? bulk : priority;
  }

  public String priority() {
    return priority;
  }

  public String bulk() {
    return bulk;
  }

  /**
   * The Kafka key: the digest when known; else {@code registry/repository:tag} (Quay, Docker Hub
   * and some deletes announce tags only; the analyzer resolves the tag), so all events for one
   * digest or tag stay ordered on one partition of either lane.
   */
  public static String key(ImageEvent event) {
    return event.getDigest().isEmpty()
        ? event.getRegistry() + "/" + event.getRepository() + ":" + event.getTag()
        : event.getDigest();
  }

  /**
   * The event with its own (registry, repository, tag) among its locations, so consumers merge
   * locations from one list whatever the source (ADR 0013).
   */
  public static ImageEvent withOwnLocation(ImageEvent event) {
    ImageLocation own =
        ImageLocation.newBuilder()
            .setRegistry(event.getRegistry())
            .setRepository(event.getRepository())
            .setTag(event.getTag())
            .build();
    if (event.getLocationsList().contains(own)) {
      return event;
    }
    return event.toBuilder().addLocations(0, own).build();
  }
}
