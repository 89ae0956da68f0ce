package dev.tallyman.advisory.service.feed;

import java.time.Instant;

/** Outcome of the last load of one configured advisory location. */
public record FeedState(
    String name,
    String location,
    long recordCount,
    long rejectedCount,
    Instant lastSuccess,
    String error) {}
