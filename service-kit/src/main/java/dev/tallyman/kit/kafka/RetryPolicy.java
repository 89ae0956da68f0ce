package dev.tallyman.kit.kafka;

import java.time.Duration;

/**
 * Exponential backoff for transient failures.
 *
 * @param maxAttempts attempts before the record is dead-lettered; 0 retries forever (for "the
 *     downstream store is down": the record must wait, never be dropped)
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
  public RetryPolicy {
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts must be >= 0");
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("delays must satisfy 0 <= initial <= max");
    }
  }

  public static RetryPolicy forever(Duration initialDelay, Duration maxDelay) {
    return new RetryPolicy(0, initialDelay, maxDelay);
  }

  public boolean exhausted(int attempts) {
    return maxAttempts > 0 && attempts >= maxAttempts;
  }

  /** Delay before attempt {@code attempts + 1}. */
  public Duration delayAfter(int attempts) {
    long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
    Duration d = initialDelay.multipliedBy(factor);
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }
}
