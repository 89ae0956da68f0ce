package dev.tallyman.report.index;

import dev.tallyman.proto.v1.Severity;
import java.util.Locale;
import java.util.Optional;

/** The stored form of {@link Severity}: the lower-case name without prefix ("high"). */
public final class Severities {
  private static final String PREFIX = "SEVERITY_";

  /** Every stored name, worst first. */
  public static final java.util.List<String> NAMES =
      java.util.List.of("critical", "high", "medium", "low", "negligible", "unknown");

  private Severities() {}

  public static String name(Severity s) {
    if (s == null || s == Severity.UNRECOGNIZED) {
      return name(Severity.SEVERITY_UNKNOWN);
    }
    return s.name().substring(PREFIX.length()).toLowerCase(Locale.ROOT);
  }

  /** Sort rank: higher is worse. */
  public static int rank(Severity s) {
    return s == null || s == Severity.UNRECOGNIZED ? 0 : s.getNumber();
  }

  /** Parses "high", "HIGH" or "SEVERITY_HIGH". */
  public static Optional<Severity> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String upper = text.trim().toUpperCase(Locale.ROOT);
    if (!upper.startsWith(PREFIX)) {
      upper = PREFIX + upper;
    }
    for (Severity s : Severity.values()) {
      if (s != Severity.UNRECOGNIZED && s.name().equals(upper)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
