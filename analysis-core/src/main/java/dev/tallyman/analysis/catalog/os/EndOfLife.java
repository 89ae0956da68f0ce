package dev.tallyman.analysis.catalog.os;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks up an {@link OsRelease}'s end of life in a dated facts table ({@code os-eol.csv} beside
 * this class: {@code id,version,eol,extended_until,source} rows under an {@code # as_of:} line).
 *
 * <p>The status is evaluated on the day given, so it changes only when a listed date passes; the
 * table's own {@code as_of} travels with every answer so that a reader can tell how fresh the facts
 * are. A release the table does not list is {@link EolStatus.State#UNKNOWN}, never guessed.
 */
public final class EndOfLife {
  static final String RESOURCE = "os-eol.csv";

  private record Row(
      String id, String version, LocalDate eol, LocalDate extendedUntil, String source) {}

  private static final EndOfLife DEFAULTS = load();

  private final List<Row> rows;
  private final LocalDate asOf;

  private EndOfLife(List<Row> rows, LocalDate asOf) {
    this.rows = List.copyOf(rows);
    this.asOf = asOf;
  }

  /** The table shipped with this build. */
  public static EndOfLife defaults() {
    return DEFAULTS;
  }

  public LocalDate asOf() {
    return asOf;
  }

  public int size() {
    return rows.size();
  }

  /** The release's status on {@code today}. */
  public EolStatus status(OsRelease os, LocalDate today) {
    if (os == null || !os.isKnown()) {
      return EolStatus.UNKNOWN;
    }
    Row best = null;
    for (Row r : rows) {
      if (!r.id().equals(os.id()) || !matches(r.version(), os.versionId())) {
        continue;
      }
      if (best == null || specificity(r) > specificity(best)) {
        best = r;
      }
    }
    if (best == null) {
      return EolStatus.UNKNOWN;
    }
    EolStatus.State state =
        best.eol() == null || today.isBefore(best.eol())
            ? EolStatus.State.SUPPORTED
            : EolStatus.State.EOL;
    return new EolStatus(state, best.eol(), best.extendedUntil(), best.source(), asOf);
  }

  private static boolean matches(String rowVersion, String versionId) {
    if (rowVersion.equals("*")) {
      return true;
    }
    return versionId.equals(rowVersion) || versionId.startsWith(rowVersion + ".");
  }

  private static int specificity(Row r) {
    return r.version().equals("*") ? -1 : r.version().length();
  }

  private static EndOfLife load() {
    try (InputStream in = EndOfLife.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Strict: a malformed row is a build error, not a silent gap. */
  static EndOfLife parse(InputStream in) throws IOException {
    List<Row> rows = new ArrayList<>();
    LocalDate asOf = null;
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      line = line.strip();
      if (line.startsWith("# as_of:")) {
        asOf = LocalDate.parse(line.substring("# as_of:".length()).strip());
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 5 || f[0].isEmpty() || f[1].isEmpty() || f[4].isEmpty()) {
        throw new IllegalArgumentException(RESOURCE + ":" + n + ": expected 5 fields: " + line);
      }
      try {
        LocalDate eol = f[2].isEmpty() ? null : LocalDate.parse(f[2]);
        if (eol == null && !f[1].equals("*")) {
          throw new IllegalArgumentException(
              RESOURCE + ":" + n + ": only a rolling row (version *) may lack its date");
        }
        rows.add(
            new Row(f[0], f[1], eol, f[3].isEmpty() ? null : LocalDate.parse(f[3]), f[4].strip()));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(RESOURCE + ":" + n + ": bad date in " + line, e);
      }
    }
    if (asOf == null) {
      throw new IllegalArgumentException(RESOURCE + " has no '# as_of:' line");
    }
    return new EndOfLife(rows, asOf);
  }
}
