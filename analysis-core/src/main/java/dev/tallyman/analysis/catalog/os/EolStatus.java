package dev.tallyman.analysis.catalog.os;

import java.time.LocalDate;

/**
 * Whether an OS release still gets free security updates, according to the dated table in {@code
 * os-eol.csv}.
 *
 * @param eol end of free security updates; null when rolling or unknown
 * @param extendedUntil end of a paid extension (ESM, ELS, LTSS); null when none is known
 * @param source where the table says the date comes from; empty when unknown
 * @param tableAsOf the table's {@code as_of} date (how fresh the facts are)
 */
public record EolStatus(
    State state, LocalDate eol, LocalDate extendedUntil, String source, LocalDate tableAsOf) {
  /** The three answers. */
  public enum State {
    SUPPORTED,
    EOL,
    UNKNOWN;

    /** Lowercase, as written into SBOM properties. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final EolStatus UNKNOWN = new EolStatus(State.UNKNOWN, null, null, "", null);

  public EolStatus {
    source = source == null ? "" : source;
  }

  public boolean rolling() {
    return state == State.SUPPORTED && eol == null;
  }

  /** e.g. {@code supported until 2028-06-30}, {@code end of life since 2024-06-30}. */
  public String describe() {
    return switch (state) {
      case SUPPORTED -> rolling() ? "supported (rolling release)" : "supported until " + eol;
      case EOL -> "end of life since " + eol;
      case UNKNOWN -> "unknown";
    };
  }
}
