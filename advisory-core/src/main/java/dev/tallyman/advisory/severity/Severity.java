package dev.tallyman.advisory.severity;

import java.util.Locale;
import java.util.Optional;

/** One severity scale for every source (mirrors tallyman.v1.Severity). */
public enum Severity {
  UNKNOWN,
  NEGLIGIBLE,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** CVSS v3 qualitative rating of a base score. */
  public static Severity fromCvssScore(double score) {
    if (score <= 0.0) {
      return NEGLIGIBLE;
    } else if (score < 4.0) {
      return LOW;
    } else if (score < 7.0) {
      return MEDIUM;
    } else if (score < 9.0) {
      return HIGH;
    }
    return CRITICAL;
  }

  /** Vendor words: GHSA LOW/MODERATE/HIGH/CRITICAL, and the usual synonyms. */
  public static Optional<Severity> fromLabel(String label) {
    if (label == null) {
      return Optional.empty();
    }
    return switch (label.trim().toUpperCase(Locale.ROOT)) {
      case "NEGLIGIBLE", "UNIMPORTANT", "NONE" -> Optional.of(NEGLIGIBLE);
      case "LOW" -> Optional.of(LOW);
      case "MODERATE", "MEDIUM" -> Optional.of(MEDIUM);
      case "HIGH", "IMPORTANT" -> Optional.of(HIGH);
      case "CRITICAL" -> Optional.of(CRITICAL);
      default -> Optional.empty();
    };
  }
}
