package dev.tallyman.advisory.version.apk;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Alpine apk ordering: a port of apk-tools 2.x {@code src/version.c} (the tokenizer that Alpine,
 * Wolfi and Chainguard ship). Gentoo-style {@code digit{.digit}...{letter}{_suffix{#}}...{-r#}};
 * suffixes _alpha _beta _pre _rc sort before the bare version, _cvs _svn _git _hg _p after it. A
 * '.'-part with leading zeros sorts as a fraction (1.0.05 < 1.0.4), as apk-tools does. Numbers are
 * compared by value without overflow (apk-tools itself uses a C int).
 */
public final class ApkVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;

  // Token kinds in apk-tools order; the ordinal matters when one side runs out first.
  private static final int INVALID = -1;
  private static final int DIGIT_OR_ZERO = 0;
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int SUFFIX = 3;
  private static final int SUFFIX_NO = 4;
  private static final int REVISION_NO = 5;
  private static final int END = 6;

  private static final String[] PRE_SUFFIXES = {"alpha", "beta", "pre", "rc"};
  private static final String[] POST_SUFFIXES = {"cvs", "svn", "git", "hg", "p"};

  private final String ecosystem;

  public ApkVersionScheme(String ecosystem) {
    this.ecosystem = ecosystem;
  }

  @Override
  public String ecosystem() {
    return ecosystem;
  }

  @Override
  public void validate(String version) {
    check(version);
    Cursor c = new Cursor(version);
    while (c.type != END && c.type != INVALID) {
      c.token();
    }
    if (c.type != END) {
      throw new InvalidVersionException(version, c.error());
    }
  }

  @Override
  public int compare(String a, String b) {
    validate(a);
    validate(b);
    return compareValid(a, b);
  }

  /**
   * A validated version as apk-tools' token stream: the kind before each token ({@code types},
   * ending with END) and each token's value. Numbers beyond a long keep the string walk.
   */
  private record Key(String version, int[] types, long[] values, boolean exact) {}

  @Override
  public Object key(String version) {
    validate(version);
    Cursor c = new Cursor(version);
    int[] types = new int[version.length() + 2];
    long[] values = new long[version.length() + 1];
    int n = 0;
    boolean exact = true;
    while (c.type != END && c.type != INVALID) {
      types[n] = c.type;
      BigInteger v = c.token();
      exact &= v.bitLength() < 64;
      values[n++] = v.longValue();
    }
    types[n] = c.type;
    return new Key(version, Arrays.copyOf(types, n + 1), Arrays.copyOf(values, n), exact);
  }

  /** {@link #compareValid} over the pre-tokenized streams: no tokenizing, no BigInteger. */
  @Override
  public int compareKeys(Object a, Object b) {
    Key x = (Key) a;
    Key y = (Key) b;
    if (!x.exact() || !y.exact()) {
      return compareValid(x.version(), y.version());
    }
    int[] tx = x.types();
    int[] ty = y.types();
    long av = 0;
    long bv = 0;
    int i = 0;
    while (tx[i] == ty[i] && tx[i] != END && av == bv) {
      av = x.values()[i];
      bv = y.values()[i];
      i++;
    }
    if (av != bv) {
      return av < bv ? -1 : 1;
    }
    if (tx[i] == ty[i]) {
      return 0;
    }
    // as compareValid: a pre-release suffix next makes the longer version the older one
    if (tx[i] == SUFFIX && x.values()[i] < 0) {
      return -1;
    }
    if (ty[i] == SUFFIX && y.values()[i] < 0) {
      return 1;
    }
    return tx[i] > ty[i] ? -1 : 1;
  }

  private static int compareValid(String a, String b) {
    Cursor x = new Cursor(a);
    Cursor y = new Cursor(b);
    BigInteger av = BigInteger.ZERO;
    BigInteger bv = BigInteger.ZERO;
    while (x.type == y.type && x.type != END && x.type != INVALID && av.equals(bv)) {
      av = x.token();
      bv = y.token();
    }
    int c = av.compareTo(bv);
    if (c != 0) {
      return Integer.signum(c);
    }
    if (x.type == y.type) {
      return 0;
    }
    // Equal so far: the longer version is newer unless what follows is a pre-release suffix.
    if (x.type == SUFFIX && x.peekSuffix() < 0) {
      return -1;
    }
    if (y.type == SUFFIX && y.peekSuffix() < 0) {
      return 1;
    }
    if (x.type > y.type) {
      return -1;
    }
    if (y.type > x.type) {
      return 1;
    }
    return 0;
  }

  private static void check(String v) {
    if (v == null || v.isEmpty()) {
      throw new InvalidVersionException(v, "version string is empty");
    }
    if (v.length() > MAX_LENGTH) {
      throw new InvalidVersionException(v, "version string is longer than " + MAX_LENGTH);
    }
    if (!Character.isDigit(v.charAt(0)) || v.charAt(0) > '9') {
      throw new InvalidVersionException(v, "must start with a digit");
    }
  }

  /** apk-tools' get_token/next_token state machine over one version string. */
  private static final class Cursor {
    private final String s;
    private int pos;
    private int type = DIGIT;
    private String error = "";

    Cursor(String s) {
      this.s = s;
    }

    String error() {
      return error.isEmpty() ? "not an apk version" : error;
    }

    private int remaining() {
      return s.length() - pos;
    }

    private static boolean digit(char c) {
      return c >= '0' && c <= '9';
    }

    // Value of a suffix token without consuming it (compare() looks ahead like apk-tools).
    int peekSuffix() {
      int save = pos;
      int saveType = type;
      BigInteger v = token();
      pos = save;
      type = saveType;
      return v.signum();
    }

    BigInteger token() {
      if (remaining() <= 0) {
        type = END;
        return BigInteger.ZERO;
      }
      BigInteger v;
      int i = 0;
      int next = INVALID;
      switch (type) {
        case DIGIT_OR_ZERO -> {
          if (s.charAt(pos) == '0') {
            // Leading zeros: a negative weight, then the rest is read as plain digits.
            while (i < remaining() && s.charAt(pos + i) == '0') {
              i++;
            }
            next = DIGIT;
            v = BigInteger.valueOf(-i);
          } else {
            while (i < remaining() && digit(s.charAt(pos + i))) {
              i++;
            }
            v = number(i);
          }
        }
        case DIGIT, SUFFIX_NO, REVISION_NO -> {
          while (i < remaining() && digit(s.charAt(pos + i))) {
            i++;
          }
          v = number(i);
        }
        case LETTER -> {
          v = BigInteger.valueOf(s.charAt(pos));
          i = 1;
        }
        case SUFFIX -> {
          int idx = match(PRE_SUFFIXES);
          if (idx >= 0) {
            v = BigInteger.valueOf(idx - PRE_SUFFIXES.length);
            i = PRE_SUFFIXES[idx].length();
          } else {
            idx = match(POST_SUFFIXES);
            if (idx < 0) {
              error =
                  "unknown suffix at offset "
                      + pos
                      + " (want _alpha _beta _pre _rc _cvs"
                      + " _svn _git _hg _p)";
              type = INVALID;
              return BigInteger.valueOf(-1);
            }
            v = BigInteger.valueOf(idx);
            i = POST_SUFFIXES[idx].length();
          }
        }
        default -> {
          type = INVALID;
          return BigInteger.valueOf(-1);
        }
      }
      pos += i;
      if (remaining() == 0) {
        type = END;
      } else if (next != INVALID) {
        type = next;
      } else {
        nextType();
      }
      return v;
    }

    private BigInteger number(int len) {
      return len == 0 ? BigInteger.ZERO : new BigInteger(s.substring(pos, pos + len));
    }

    private int match(String[] names) {
      for (int k = 0; k < names.length; k++) {
        if (s.startsWith(names[k], pos)) {
          return k;
        }
      }
      return -1;
    }

    private void nextType() {
      int n = INVALID;
      char c = s.charAt(pos);
      if ((type == DIGIT || type == DIGIT_OR_ZERO) && c >= 'a' && c <= 'z') {
        n = LETTER;
      } else if (type == LETTER && digit(c)) {
        n = DIGIT;
      } else if (type == SUFFIX && digit(c)) {
        n = SUFFIX_NO;
      } else {
        switch (c) {
          case '.' -> n = DIGIT_OR_ZERO;
          case '_' -> n = SUFFIX;
          case '-' -> {
            if (remaining() > 1 && s.charAt(pos + 1) == 'r') {
              n = REVISION_NO;
              pos++;
            }
          }
          default -> {}
        }
        pos++;
      }
      if (n < type
          && !((n == DIGIT_OR_ZERO && type == DIGIT)
              || (n == SUFFIX && type == SUFFIX_NO)
              || (n == DIGIT && type == LETTER))) {
        n = INVALID;
      }
      if (n == INVALID) {
        error = "unexpected '" + c + "' at offset " + (pos - 1 < 0 ? 0 : pos - 1);
      }
      type = n;
    }
  }
}
