package dev.tallyman.advisory.version.rpm;

import dev.tallyman.advisory.version.Digits;
import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;

/**
 * RPM ordering of {@code [epoch:]version[-release]} exactly as rpm's {@code rpmvercmp} and
 * python-rpm's {@code labelCompare} do: a missing epoch is 0, a missing release sorts before any
 * release (labelCompare semantics), {@code ~} sorts before everything, {@code ^} after the end of
 * the base but before any further segment. Used by Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE.
 */
public final class RpmVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;

  private final String ecosystem;

  public RpmVersionScheme(String ecosystem) {
    this.ecosystem = ecosystem;
  }

  @Override
  public String ecosystem() {
    return ecosystem;
  }

  @Override
  public void validate(String version) {
    Evr.parse(version);
  }

  @Override
  public int compare(String a, String b) {
    return compareKeys(Evr.parse(a), Evr.parse(b));
  }

  @Override
  public Object key(String version) {
    return Evr.parse(version);
  }

  @Override
  public int compareKeys(Object a, Object b) {
    Evr x = (Evr) a;
    Evr y = (Evr) b;
    int c = rpmvercmp(x.epoch(), y.epoch());
    if (c == 0) {
      c = rpmvercmp(x.version(), y.version());
    }
    if (c == 0) {
      // labelCompare: an absent release is less than any release.
      if (x.release() == null || y.release() == null) {
        c = x.release() == null ? (y.release() == null ? 0 : -1) : 1;
      } else {
        c = rpmvercmp(x.release(), y.release());
      }
    }
    return c;
  }

  /** rpm's parseEVR: epoch is leading digits before ':', release follows the last '-'. */
  record Evr(String epoch, String version, String release) {
    static Evr parse(String s) {
      if (s == null || s.isEmpty()) {
        throw new InvalidVersionException(s, "version string is empty");
      }
      if (s.length() > MAX_LENGTH) {
        throw new InvalidVersionException(s, "version string is longer than " + MAX_LENGTH);
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c <= ' ' || c >= 0x7f) {
          throw new InvalidVersionException(s, "contains whitespace, control or non-ASCII chars");
        }
      }
      int i = 0;
      while (i < s.length() && Digits.isDigit(s.charAt(i))) {
        i++;
      }
      String epoch = "0";
      String rest = s;
      if (i < s.length() && s.charAt(i) == ':') {
        if (i == 0) {
          throw new InvalidVersionException(s, "epoch before ':' is empty");
        }
        epoch = s.substring(0, i);
        rest = s.substring(i + 1);
      }
      if (rest.indexOf(':') >= 0) {
        throw new InvalidVersionException(s, "epoch must be digits, and only one ':' is allowed");
      }
      int dash = rest.lastIndexOf('-');
      String version = dash < 0 ? rest : rest.substring(0, dash);
      String release = dash < 0 ? null : rest.substring(dash + 1);
      if (version.isEmpty()) {
        throw new InvalidVersionException(s, "version part is empty");
      }
      if (release != null && release.isEmpty()) {
        throw new InvalidVersionException(s, "release after '-' is empty");
      }
      return new Evr(epoch, version, release);
    }
  }

  /** A line-by-line port of rpm's rpmvercmp (lib/rpmvercmp.c), ASCII only. */
  public static int rpmvercmp(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    int la = a.length();
    int lb = b.length();
    while (i < la || j < lb) {
      while (i < la && !isAlnum(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
        i++;
      }
      while (j < lb && !isAlnum(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
        j++;
      }
      char ca = i < la ? a.charAt(i) : 0;
      char cb = j < lb ? b.charAt(j) : 0;
      // '~' sorts before everything, even the end of the string.
      if (ca == '~' || cb == '~') {
        if (ca != '~') {
          return 1;
        }
        if (cb != '~') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      // '^' sorts after the end of the string but before anything else.
      if (ca == '^' || cb == '^') {
        if (ca == 0) {
          return -1;
        }
        if (cb == 0) {
          return 1;
        }
        if (ca != '^') {
          return 1;
        }
        if (cb != '^') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (ca == 0 || cb == 0) {
        break;
      }
      int si = i;
      int sj = j;
      boolean numeric = Digits.isDigit(ca);
      if (numeric) {
        while (i < la && Digits.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < lb && Digits.isDigit(b.charAt(j))) {
          j++;
        }
      } else {
        while (i < la && isAlpha(a.charAt(i))) {
          i++;
        }
        while (j < lb && isAlpha(b.charAt(j))) {
          j++;
        }
      }
      // Segments of different kinds: numeric is newer than alpha.
      if (sj == j) {
        return numeric ? 1 : -1;
      }
      int c;
      if (numeric) {
        c = Digits.compare(a.subSequence(si, i), b.subSequence(sj, j));
      } else {
        c = Integer.signum(a.substring(si, i).compareTo(b.substring(sj, j)));
      }
      if (c != 0) {
        return c;
      }
    }
    if (i >= la && j >= lb) {
      return 0;
    }
    return i >= la ? -1 : 1;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAlnum(char c) {
    return isAlpha(c) || Digits.isDigit(c);
  }
}
