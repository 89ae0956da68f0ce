package dev.tallyman.ingest.payload;

import dev.tallyman.ingest.distribution.InvalidNotification;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Timestamps as registries and cloud event buses write them. */
public final class Timestamps {
  private Timestamps() {}

  /** RFC 3339 with any offset and up to nanosecond fractions ({@code 2018-04-25T21:39:47.65Z}). */
  public static Instant rfc3339(String value, String path) {
    if (value.length() > 64) {
      throw new InvalidNotification(path + ": not an RFC 3339 timestamp");
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidNotification(path + ": not an RFC 3339 timestamp", e);
    }
  }
}
