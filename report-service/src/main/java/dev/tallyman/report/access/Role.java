package dev.tallyman.report.access;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do; each role includes the ones before it. */
public enum Role {
  /** Reads findings, images, packages, exports of its tenants. */
  VIEWER,
  /** Also reads the pipeline status of a digest ({@code /v1/scans}). */
  OPERATOR,
  /** Also reads service metrics. */
  ADMIN;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  public static Optional<Role> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
