package dev.tallyman.ingest.distribution;

import dev.tallyman.proto.v1.ImageEvent;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * What one notification envelope means for us.
 *
 * @param events image events to publish, in envelope order
 * @param ignored events that are valid but not about image manifests (blobs, pulls, mounts...)
 * @param handshake when not null, the delivery was a subscription handshake (Event Grid validation,
 *     SNS confirmation): nothing is published and this is the 200 answer's body
 */
public record NotificationResult(List<ImageEvent> events, int ignored, @Nullable Object handshake) {
  public NotificationResult {
    events = List.copyOf(events);
  }

  public NotificationResult(List<ImageEvent> events, int ignored) {
    this(events, ignored, null);
  }

  public static NotificationResult handshake(Object reply) {
    return new NotificationResult(List.of(), 0, reply);
  }
}
