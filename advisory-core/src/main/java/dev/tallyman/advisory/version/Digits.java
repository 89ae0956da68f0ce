package dev.tallyman.advisory.version;

/**
 * Numeric comparison of ASCII digit strings of any length: no parsing, so no overflow and no
 * allocation proportional to hostile input.
 */
public final class Digits {
  private Digits() {}

  /** Compares two non-empty runs of ASCII digits by value ("007" == "7"); returns -1, 0 or 1. */
  public static int compare(CharSequence a, CharSequence b) {
    int i = skipZeros(a);
    int j = skipZeros(b);
    int la = a.length() - i;
    int lb = b.length() - j;
    if (la != lb) {
      return la < lb ? -1 : 1;
    }
    for (; i < a.length(); i++, j++) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return 0;
  }

  /** True when the value is zero (empty or only '0'). */
  public static boolean isZero(CharSequence s) {
    return skipZeros(s) == s.length();
  }

  public static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** True for a non-empty run of ASCII digits. */
  public static boolean allDigits(CharSequence s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int skipZeros(CharSequence s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '0') {
      i++;
    }
    return i;
  }
}
