package dev.tallyman.ingest.distribution;

import dev.tallyman.proto.v1.ImageEvent;
import java.util.List;

/**
 * What one notification envelope means for us.
 *
 * @param events image events to publish, in envelope order
 * @param ignored events that are valid but not about image manifests (blobs, pulls, mounts...)
 */
public record NotificationResult(List<ImageEvent> events, int ignored) {
  public NotificationResult {
    events = List.copyOf(events);
  }
}
