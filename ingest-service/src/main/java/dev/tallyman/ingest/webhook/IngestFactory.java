package dev.tallyman.ingest.webhook;

import dev.tallyman.ingest.distribution.NotificationLimits;
import dev.tallyman.ingest.distribution.NotificationParser;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the plain-Java parser from configuration. */
@Factory
class IngestFactory {
  @Singleton
  NotificationParser notificationParser(
      @Value("${tallyman.ingest.max-body-bytes:1048576}") int maxBodyBytes,
      @Value("${tallyman.ingest.max-nesting-depth:16}") int maxNestingDepth,
      @Value("${tallyman.ingest.max-events:1000}") int maxEvents) {
    return new NotificationParser(
        new NotificationLimits(maxBodyBytes, maxNestingDepth, maxEvents), Clock.systemUTC());
  }
}
