package dev.tallyman.advisory.version.nuget;

import dev.tallyman.advisory.version.Digits;
import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NuGet ordering (NuGet.Versioning's VersionComparer, default mode): 1 to 4 numeric parts (missing
 * ones are 0, so 1.0 == 1.0.0 == 1.0.0.0), SemVer 2.0 pre-release labels compared
 * case-insensitively, numeric labels (what Int32.TryParse accepts) below alphanumeric ones, build
 * metadata ignored. Version parts are compared by value at any length (NuGet itself caps at int).
 */
public final class NuGetVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;
  private static final Pattern VERSION =
      Pattern.compile(
          "(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.(\\d+))?"
              + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
              + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

  @Override
  public String ecosystem() {
    return "NuGet";
  }

  @Override
  public void validate(String version) {
    parse(version);
  }

  @Override
  public int compare(String a, String b) {
    Matcher x = parse(a);
    Matcher y = parse(b);
    for (int g = 1; g <= 4; g++) {
      int c = Digits.compare(part(x, g), part(y, g));
      if (c != 0) {
        return c;
      }
    }
    return comparePre(x.group(5), y.group(5));
  }

  private static String part(Matcher m, int g) {
    return m.group(g) == null ? "0" : m.group(g);
  }

  private static Matcher parse(String v) {
    if (v == null || v.isEmpty()) {
      throw new InvalidVersionException(v, "version string is empty");
    }
    if (v.length() > MAX_LENGTH) {
      throw new InvalidVersionException(v, "version string is longer than " + MAX_LENGTH);
    }
    Matcher m = VERSION.matcher(v);
    if (!m.matches()) {
      throw new InvalidVersionException(
          v, "not a NuGet version (1 to 4 numeric parts, then -prerelease and +metadata)");
    }
    return m;
  }

  private static int comparePre(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    String[] xs = a.split("\\.");
    String[] ys = b.split("\\.");
    for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
      BigInteger xn = int32(xs[i]);
      BigInteger yn = int32(ys[i]);
      int c;
      if (xn != null && yn != null) {
        c = xn.compareTo(yn);
      } else if (xn != null || yn != null) {
        c = xn != null ? -1 : 1;
      } else {
        c =
            Integer.signum(
                xs[i].toUpperCase(Locale.ROOT).compareTo(ys[i].toUpperCase(Locale.ROOT)));
      }
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return Integer.compare(xs.length, ys.length);
  }

  // NuGet treats a label as numeric when Int32.TryParse accepts it: optional '-', digits, in range.
  private static BigInteger int32(String label) {
    if (label.length() > 12 || !label.matches("-?\\d+")) {
      return null;
    }
    BigInteger v = new BigInteger(label);
    return v.bitLength() < 32 ? v : null;
  }
}
