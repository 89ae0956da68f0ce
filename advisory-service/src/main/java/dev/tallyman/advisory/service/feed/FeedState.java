package dev.tallyman.advisory.service.feed;

import java.time.Instant;

/** Outcome of the last load of one configured advisory location or feed. */
public record FeedState(
    String name,
    String location,
    long recordCount,
    long rejectedCount,
    Instant lastSuccess,
    String error,
    Instant lastAttempt,
    long enrichmentCount,
    boolean stale) {

  /** A static OSV location loaded once: never stale once loaded. */
  public FeedState(
      String name,
      String location,
      long recordCount,
      long rejectedCount,
      Instant lastSuccess,
      String error) {
    this(
        name,
        location,
        recordCount,
        rejectedCount,
        lastSuccess,
        error,
        lastSuccess,
        0,
        lastSuccess == null);
  }
}
