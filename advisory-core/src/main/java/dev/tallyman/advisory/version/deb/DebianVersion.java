package dev.tallyman.advisory.version.deb;

import dev.tallyman.advisory.version.InvalidVersionException;

/**
 * A Debian package version {@code [epoch:]upstream[-revision]} parsed and ordered exactly like dpkg
 * (lib/dpkg/parsehelp.c parseversion and lib/dpkg/version.c verrevcmp). Where dpkg only warns
 * (upstream not starting with a digit, invalid characters) this class rejects: such versions never
 * come from a sane archive and are treated as bad input.
 */
public record DebianVersion(int epoch, String upstream, String revision)
    implements Comparable<DebianVersion> {

  private static final int MAX_LENGTH = 512;

  public DebianVersion {
    if (upstream == null || revision == null) {
      throw new IllegalArgumentException("upstream and revision must not be null");
    }
  }

  /** Parses a version the way dpkg does; throws with dpkg's reason when it is invalid. */
  public static DebianVersion parse(String input) {
    if (input == null) {
      throw new InvalidVersionException(null, "version string is empty");
    }
    if (input.length() > MAX_LENGTH) {
      throw new InvalidVersionException(input, "version string is longer than " + MAX_LENGTH);
    }
    String s = stripAsciiSpace(input);
    if (s.isEmpty()) {
      throw new InvalidVersionException(input, "version string is empty");
    }
    for (int i = 0; i < s.length(); i++) {
      if (isSpace(s.charAt(i))) {
        throw new InvalidVersionException(input, "version string has embedded spaces");
      }
    }
    int epoch = 0;
    String rest = s;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      epoch = parseEpoch(input, s.substring(0, colon));
      rest = s.substring(colon + 1);
      if (rest.isEmpty()) {
        throw new InvalidVersionException(input, "nothing after colon in version number");
      }
    }
    String upstream = rest;
    String revision = "";
    int hyphen = rest.lastIndexOf('-');
    if (hyphen >= 0) {
      upstream = rest.substring(0, hyphen);
      revision = rest.substring(hyphen + 1);
      if (revision.isEmpty()) {
        throw new InvalidVersionException(input, "revision number is empty");
      }
    }
    if (upstream.isEmpty()) {
      throw new InvalidVersionException(input, "version number is empty");
    }
    if (!isDigit(upstream.charAt(0))) {
      throw new InvalidVersionException(input, "version number does not start with digit");
    }
    for (int i = 1; i < upstream.length(); i++) {
      char c = upstream.charAt(i);
      if (!isDigit(c) && !isAlpha(c) && ".-+~:".indexOf(c) < 0) {
        throw new InvalidVersionException(input, "invalid character in version number");
      }
    }
    for (int i = 0; i < revision.length(); i++) {
      char c = revision.charAt(i);
      if (!isDigit(c) && !isAlpha(c) && ".+~".indexOf(c) < 0) {
        throw new InvalidVersionException(input, "invalid character in revision number");
      }
    }
    return new DebianVersion(epoch, upstream, revision);
  }

  // dpkg uses strtol: an optional sign, then base-10 digits, and nothing else before the colon.
  private static int parseEpoch(String input, String e) {
    if (e.isEmpty()) {
      throw new InvalidVersionException(input, "epoch in version is empty");
    }
    int i = 0;
    boolean negative = false;
    if (e.charAt(0) == '+' || e.charAt(0) == '-') {
      negative = e.charAt(0) == '-';
      i = 1;
    }
    if (i == e.length()) {
      throw new InvalidVersionException(input, "epoch in version is not number");
    }
    long value = 0;
    for (; i < e.length(); i++) {
      char c = e.charAt(i);
      if (!isDigit(c)) {
        throw new InvalidVersionException(input, "epoch in version is not number");
      }
      value = value * 10 + (c - '0');
      if (value > Integer.MAX_VALUE) {
        if (negative) {
          throw new InvalidVersionException(input, "epoch in version is negative");
        }
        throw new InvalidVersionException(input, "epoch in version is too big");
      }
    }
    if (negative && value != 0) {
      throw new InvalidVersionException(input, "epoch in version is negative");
    }
    return (int) value;
  }

  @Override
  public int compareTo(DebianVersion o) {
    if (epoch != o.epoch) {
      return epoch > o.epoch ? 1 : -1;
    }
    int rc = verrevcmp(upstream, o.upstream);
    if (rc != 0) {
      return rc;
    }
    return verrevcmp(revision, o.revision);
  }

  /** Compares and normalises to -1, 0 or 1. */
  public static int compare(DebianVersion a, DebianVersion b) {
    return Integer.signum(a.compareTo(b));
  }

  // '~' sorts before everything, even the end of the string; letters sort before other
  // characters; digits and the end of the string are 0 here (digit runs are compared separately).
  private static int order(int c) {
    if (isDigit(c)) {
      return 0;
    } else if (isAlpha(c)) {
      return c;
    } else if (c == '~') {
      return -1;
    } else if (c != 0) {
      return c + 256;
    }
    return 0;
  }

  private static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !isDigit(a.charAt(i)))
          || (j < b.length() && !isDigit(b.charAt(j)))) {
        int ac = order(charAt(a, i));
        int bc = order(charAt(b, j));
        if (ac != bc) {
          return ac - bc;
        }
        i++;
        j++;
      }
      while (charAt(a, i) == '0') {
        i++;
      }
      while (charAt(b, j) == '0') {
        j++;
      }
      while (isDigit(charAt(a, i)) && isDigit(charAt(b, j))) {
        if (firstDiff == 0) {
          firstDiff = charAt(a, i) - charAt(b, j);
        }
        i++;
        j++;
      }
      if (isDigit(charAt(a, i))) {
        return 1;
      }
      if (isDigit(charAt(b, j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return firstDiff;
      }
    }
    return 0;
  }

  private static int charAt(String s, int i) {
    return i < s.length() ? s.charAt(i) : 0;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isSpace(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
  }

  private static String stripAsciiSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  @Override
  public String toString() {
    String v = epoch > 0 ? epoch + ":" + upstream : upstream;
    return revision.isEmpty() ? v : v + "-" + revision;
  }
}
