package dev.tallyman.advisory.version.semver;

import dev.tallyman.advisory.version.Digits;
import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict Semantic Versioning 2.0.0 precedence (build metadata ignored), in three flavors:
 *
 * <ul>
 *   <li>npm: as node-semver's non-loose parser, an optional leading "v";
 *   <li>crates.io: as the semver crate, no prefix;
 *   <li>Go: as golang.org/x/mod/semver, "v" optional (OSV writes Go versions without it);
 *       "+incompatible" is build metadata and pseudo-versions (v0.0.0-20220315160706-3147a52a75dd)
 *       are pre-releases, so both order naturally.
 * </ul>
 *
 * <p>Partial versions MAJOR and MAJOR.MINOR read as MAJOR.0.0 and MAJOR.MINOR.0 in every flavor:
 * Go's shorthands v1 / v1.2 mean exactly that, and GHSA writes such partials in npm ranges
 * ("introduced": "1.0"), which node-semver's range syntax reads the same way. Rejecting them would
 * silently drop real advisory ranges. A partial version takes no pre-release or build.
 *
 * <p>Numbers are compared by value at any length, never parsed into fixed-width integers.
 */
public final class SemverScheme implements VersionScheme {
  /** Which ecosystem's parser rules apply. */
  public enum Flavor {
    NPM,
    CARGO,
    GO
  }

  private static final String NUM = "(0|[1-9]\\d*)";
  private static final String PRE_ID = "(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
  private static final String TAIL =
      "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?";
  private static final Pattern FULL = Pattern.compile(NUM + "\\." + NUM + "\\." + NUM + TAIL);
  // MAJOR or MAJOR.MINOR (Go shorthand, GHSA range partials); nothing may follow.
  private static final Pattern PARTIAL = Pattern.compile(NUM + "(?:\\." + NUM + ")?");
  static final int MAX_LENGTH = 256;

  private final String ecosystem;
  private final Flavor flavor;

  public SemverScheme(String ecosystem, Flavor flavor) {
    this.ecosystem = ecosystem;
    this.flavor = flavor;
  }

  /** The flavor follows from the OSV ecosystem name: "Go", "crates.io", else npm rules. */
  public SemverScheme(String ecosystem) {
    this(
        ecosystem,
        switch (ecosystem.toLowerCase(Locale.ROOT)) {
          case "go" -> Flavor.GO;
          case "crates.io" -> Flavor.CARGO;
          default -> Flavor.NPM;
        });
  }

  @Override
  public String ecosystem() {
    return ecosystem;
  }

  public Flavor flavor() {
    return flavor;
  }

  @Override
  public void validate(String version) {
    parse(version);
  }

  @Override
  public int compare(String a, String b) {
    return compareKeys(parse(a), parse(b));
  }

  @Override
  public Object key(String version) {
    return parse(version);
  }

  @Override
  public int compareKeys(Object a, Object b) {
    Parsed x = (Parsed) a;
    Parsed y = (Parsed) b;
    for (int i = 0; i < 3; i++) {
      int c = Digits.compare(x.core[i], y.core[i]);
      if (c != 0) {
        return c;
      }
    }
    return comparePre(x.pre, y.pre);
  }

  /** Core numbers as digit strings; pre-release identifiers split once (null when none). */
  private record Parsed(String[] core, String[] pre) {}

  private Parsed parse(String v) {
    if (v == null || v.isEmpty()) {
      throw new InvalidVersionException(v, "version string is empty");
    }
    if (v.length() > MAX_LENGTH) {
      throw new InvalidVersionException(v, "version string is longer than " + MAX_LENGTH);
    }
    String s = v;
    if (s.charAt(0) == 'v') {
      if (flavor == Flavor.CARGO) {
        throw new InvalidVersionException(v, "crates.io versions take no 'v' prefix");
      }
      s = s.substring(1);
    }
    Matcher m = FULL.matcher(s);
    if (m.matches()) {
      return new Parsed(
          new String[] {m.group(1), m.group(2), m.group(3)},
          m.group(4) == null ? null : m.group(4).split("\\."));
    }
    Matcher g = PARTIAL.matcher(s);
    if (g.matches()) {
      return new Parsed(
          new String[] {g.group(1), g.group(2) == null ? "0" : g.group(2), "0"}, null);
    }
    throw new InvalidVersionException(v, reason(s));
  }

  private static String reason(String s) {
    if (s.matches("\\d+(\\.\\d+)?[-+].*")) {
      return "a partial version (MAJOR or MAJOR.MINOR) takes no pre-release or build";
    }
    if (s.matches(".*(^|\\.)0\\d.*")) {
      return "numeric part with a leading zero";
    }
    return "not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD])";
  }

  // A version without pre-release has higher precedence; identifiers compare left to right,
  // numeric ones by value and below alphanumeric ones, which compare in ASCII order.
  private static int comparePre(String[] xs, String[] ys) {
    if (xs == null || ys == null) {
      return xs == null ? (ys == null ? 0 : 1) : -1;
    }
    for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
      boolean xn = Digits.allDigits(xs[i]);
      boolean yn = Digits.allDigits(ys[i]);
      int c;
      if (xn && yn) {
        c = Digits.compare(xs[i], ys[i]);
      } else if (xn || yn) {
        c = xn ? -1 : 1;
      } else {
        c = Integer.signum(xs[i].compareTo(ys[i]));
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(xs.length, ys.length);
  }
}
