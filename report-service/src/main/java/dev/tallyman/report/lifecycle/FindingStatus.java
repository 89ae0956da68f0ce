package dev.tallyman.report.lifecycle;

import java.util.Locale;
import java.util.Optional;

/** Where a finding stands after the newest report of its image. */
public enum FindingStatus {
  /** Listed by the newest report, never fixed before. */
  OPEN,
  /** Listed by the newest report after an earlier report had it fixed. */
  REOPENED,
  /** Absent from the newest report (the package was upgraded, removed or no longer matches). */
  FIXED,
  /** The image has no location left: every registry said it was deleted. */
  DELETED;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean active() {
    return this != FIXED && this != DELETED;
  }

  public static Optional<FindingStatus> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (FindingStatus f : values()) {
      if (f.value().equalsIgnoreCase(s.trim())) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
