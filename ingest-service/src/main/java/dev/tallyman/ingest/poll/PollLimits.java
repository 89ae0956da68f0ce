package dev.tallyman.ingest.poll;

import java.time.Duration;

/**
 * Bounds on one poll, so a huge or hostile registry cannot exhaust memory or time. Hitting a cap is
 * logged; what was read up to it is still used.
 */
public record PollLimits(
    int maxRepositories,
    int maxTagsPerRepository,
    int maxResponseBytes,
    int maxAttempts,
    Duration maxRetryAfter,
    Duration requestTimeout) {
  public static final PollLimits DEFAULTS =
      new PollLimits(
          10_000, 1_000, 4 * 1024 * 1024, 5, Duration.ofMinutes(2), Duration.ofSeconds(30));

  public PollLimits {
    if (maxRepositories < 1
        || maxTagsPerRepository < 1
        || maxResponseBytes < 1024
        || maxAttempts < 1) {
      throw new IllegalArgumentException("poll limits must be positive: " + this);
    }
  }
}
