package dev.tallyman.advisory.version.pypi;

import dev.tallyman.advisory.version.Digits;
import dev.tallyman.advisory.version.InvalidVersionException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version, parsed with the same grammar as pypa/packaging's {@code VERSION_PATTERN} and
 * ordered like its {@code _cmpkey}. Numbers stay digit strings (compared by value, no overflow).
 */
public record Pep440Version(
    String epoch,
    List<String> release,
    String preLetter,
    String preNumber,
    String post,
    String dev,
    List<String> local)
    implements Comparable<Pep440Version> {
  static final int MAX_LENGTH = 256;

  private static final Pattern PATTERN =
      Pattern.compile(
          "\\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
              + "(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
              + "(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?"
              + "(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?)"
              + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*",
          Pattern.CASE_INSENSITIVE);

  public static Pep440Version parse(String s) {
    if (s == null || s.isBlank()) {
      throw new InvalidVersionException(s, "version string is empty");
    }
    if (s.length() > MAX_LENGTH) {
      throw new InvalidVersionException(s, "version string is longer than " + MAX_LENGTH);
    }
    Matcher m = PATTERN.matcher(s);
    if (!m.matches()) {
      throw new InvalidVersionException(s, "not a PEP 440 version");
    }
    String preLetter = null;
    String preNumber = null;
    if (m.group("pre") != null) {
      preLetter =
          switch (m.group("preL").toLowerCase(Locale.ROOT)) {
            case "alpha", "a" -> "a";
            case "beta", "b" -> "b";
            default -> "rc"; // c, rc, pre, preview
          };
      preNumber = m.group("preN") == null ? "0" : m.group("preN");
    }
    String post = null;
    if (m.group("post") != null) {
      post = m.group("postN1") != null ? m.group("postN1") : m.group("postN2");
      if (post == null) {
        post = "0";
      }
    }
    String dev = null;
    if (m.group("dev") != null) {
      dev = m.group("devN") == null ? "0" : m.group("devN");
    }
    List<String> local = null;
    if (m.group("local") != null) {
      local = List.of(m.group("local").toLowerCase(Locale.ROOT).split("[-_.]"));
    }
    return new Pep440Version(
        m.group("epoch") == null ? "0" : m.group("epoch"),
        List.of(m.group("release").split("\\.")),
        preLetter,
        preNumber,
        post,
        dev,
        local);
  }

  @Override
  public int compareTo(Pep440Version o) {
    int c = Digits.compare(epoch, o.epoch);
    if (c != 0) {
      return c;
    }
    c = compareRelease(release, o.release);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(preRank(), o.preRank());
    if (c == 0 && preLetter != null) {
      c = Integer.signum(preLetter.compareTo(o.preLetter));
      if (c == 0) {
        c = Digits.compare(preNumber, o.preNumber);
      }
    }
    if (c != 0) {
      return c;
    }
    // No post release sorts before any post release.
    c = compareOptional(post, o.post, -1);
    if (c != 0) {
      return c;
    }
    // No dev release sorts after any dev release.
    c = compareOptional(dev, o.dev, 1);
    if (c != 0) {
      return c;
    }
    return compareLocal(local, o.local);
  }

  // packaging: a bare dev release (1.0.dev0) sorts before 1.0a0; no pre-release after all.
  private int preRank() {
    if (preLetter != null) {
      return 1;
    }
    return post == null && dev != null ? 0 : 2;
  }

  private static int compareOptional(String a, String b, int absent) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : absent) : -absent;
    }
    return Digits.compare(a, b);
  }

  // Trailing zeros do not count: 1.0 == 1.0.0.
  private static int compareRelease(List<String> a, List<String> b) {
    int n = Math.max(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      String x = i < a.size() ? a.get(i) : "0";
      String y = i < b.size() ? b.get(i) : "0";
      int c = Digits.compare(x, y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  // No local sorts first; numeric segments sort after alphanumeric ones; a prefix sorts first.
  private static int compareLocal(List<String> a, List<String> b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      String x = a.get(i);
      String y = b.get(i);
      boolean xn = Digits.allDigits(x);
      boolean yn = Digits.allDigits(y);
      int c;
      if (xn && yn) {
        c = Digits.compare(x, y);
      } else if (xn || yn) {
        c = xn ? 1 : -1;
      } else {
        c = Integer.signum(x.compareTo(y));
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
