package dev.tallyman.ingest.webhook;

import dev.tallyman.ingest.distribution.NotificationLimits;
import dev.tallyman.ingest.distribution.NotificationParser;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Wires the plain-Java parsing pieces from configuration. */
@Factory
class IngestFactory {
  @Singleton
  NotificationLimits notificationLimits(
      @Value("${tallyman.ingest.max-body-bytes:1048576}") int maxBodyBytes,
      @Value("${tallyman.ingest.max-nesting-depth:16}") int maxNestingDepth,
      @Value("${tallyman.ingest.max-events:1000}") int maxEvents) {
    return new NotificationLimits(maxBodyBytes, maxNestingDepth, maxEvents);
  }

  @Singleton
  NotificationParser notificationParser(NotificationLimits limits) {
    return new NotificationParser(limits, Clock.systemUTC());
  }

  @Singleton
  JsonPayload jsonPayload(NotificationLimits limits) {
    return new JsonPayload(limits);
  }

  @Singleton
  ReplayWindow replayWindow(@Value("${tallyman.ingest.replay-window:10m}") Duration window) {
    return new ReplayWindow(window, Clock.systemUTC());
  }

  @Singleton
  RecentEventIds recentEventIds(@Value("${tallyman.ingest.dedupe-capacity:100000}") int capacity) {
    return new RecentEventIds(capacity);
  }
}
