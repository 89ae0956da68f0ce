package dev.tallyman.advisory.version.semver;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic Versioning 2.0.0 precedence, used by OSV for SEMVER ranges (Go, npm, crates.io). A
 * leading "v" (Go module style) is accepted, and so are the "1.0" / "1" forms GHSA writes for npm
 * (missing parts are 0); build metadata is ignored for ordering.
 */
public final class SemverScheme implements VersionScheme {
  private static final Pattern SEMVER =
      Pattern.compile(
          "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
  private static final int MAX_LENGTH = 256;

  private final String ecosystem;

  public SemverScheme(String ecosystem) {
    this.ecosystem = ecosystem;
  }

  @Override
  public String ecosystem() {
    return ecosystem;
  }

  @Override
  public void validate(String version) {
    parse(version);
  }

  @Override
  public int compare(String a, String b) {
    Matcher x = parse(a);
    Matcher y = parse(b);
    for (int g = 1; g <= 3; g++) {
      int c = number(x.group(g)).compareTo(number(y.group(g)));
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return comparePre(x.group(4), y.group(4));
  }

  private static BigInteger number(String digits) {
    return digits == null ? BigInteger.ZERO : new BigInteger(digits);
  }

  private static Matcher parse(String v) {
    if (v == null || v.isEmpty() || v.length() > MAX_LENGTH) {
      throw new InvalidVersionException(v, "empty or longer than " + MAX_LENGTH);
    }
    Matcher m = SEMVER.matcher(v);
    if (!m.matches()) {
      throw new InvalidVersionException(v, "not a semantic version (MAJOR.MINOR.PATCH)");
    }
    return m;
  }

  // A version without pre-release has higher precedence; identifiers compare left to right.
  private static int comparePre(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    String[] xs = a.split("\\.");
    String[] ys = b.split("\\.");
    for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
      boolean xn = xs[i].chars().allMatch(Character::isDigit);
      boolean yn = ys[i].chars().allMatch(Character::isDigit);
      int c;
      if (xn && yn) {
        c = new BigInteger(xs[i]).compareTo(new BigInteger(ys[i]));
      } else if (xn || yn) {
        c = xn ? -1 : 1;
      } else {
        c = xs[i].compareTo(ys[i]);
      }
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return Integer.compare(xs.length, ys.length);
  }
}
