package dev.tallyman.analysis.oci;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Retries of 429 and 5xx answers (and failed connections): exponential backoff from {@code
 * initialBackoff} up to {@code maxBackoff}, or the server's {@code Retry-After} (seconds or an
 * HTTP-date) capped at {@code maxRetryAfter}. {@code maxAttempts} counts the first try.
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    Sleeper sleeper,
    Clock clock) {
  /** How to wait; tests record the waits instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  public static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          4,
          Duration.ofMillis(500),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          THREAD_SLEEP,
          Clock.systemUTC());

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  public RetryPolicy withSleeper(Sleeper s) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, s, clock);
  }

  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(n, initialBackoff, maxBackoff, maxRetryAfter, sleeper, clock);
  }

  public static boolean retryable(int status) {
    return status == 429 || (status >= 500 && status <= 599 && status != 501);
  }

  /** The wait before attempt {@code attempt + 1} ({@code attempt} starts at 1). */
  public Duration delay(int attempt, String retryAfterHeader) {
    Optional<Duration> asked = retryAfter(retryAfterHeader, clock.instant());
    if (asked.isPresent()) {
      Duration d = asked.get();
      return d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d;
    }
    Duration d = initialBackoff.multipliedBy(1L << Math.min(20, attempt - 1));
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  /** {@code Retry-After}: delta-seconds or an HTTP-date (RFC 9110); a past date means now. */
  public static Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String h = header.trim();
    if (h.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(h)));
    }
    try {
      Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
