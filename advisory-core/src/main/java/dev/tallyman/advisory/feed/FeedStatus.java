package dev.tallyman.advisory.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a status page needs about one feed: when it last worked, how much it holds, what failed.
 * {@code lastSuccess} is null until the first successful update.
 */
public record FeedStatus(
    String name,
    String location,
    Instant lastAttempt,
    Instant lastSuccess,
    long recordCount,
    long enrichmentCount,
    long rejectedCount,
    String lastError,
    List<RecordErrors.RecordError> recentRejects,
    String cursor) {

  /** Stale when it never succeeded or the last success is older than {@code maxAge}. */
  public boolean stale(Duration maxAge, Instant now) {
    return lastSuccess == null || lastSuccess.plus(maxAge).isBefore(now);
  }

  /** Age of the data, or null if never loaded. */
  public Duration age(Instant now) {
    return lastSuccess == null ? null : Duration.between(lastSuccess, now);
  }
}
