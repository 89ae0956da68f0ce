package dev.tallyman.advisory.version.composer;

import dev.tallyman.advisory.version.Digits;
import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Composer (OSV "Packagist") ordering: composer/semver's {@code VersionParser::normalize} followed
 * by PHP's {@code version_compare}, which is what {@code Comparator::compare} does. Stabilities
 * order dev < alpha < beta < RC < stable < patch. Named branches ("dev-feature") have no order and
 * are rejected; the default branches (dev-master, trunk, default) and numeric branches (1.x-dev)
 * normalize as Composer does. Numbers compare by value (PHP's strtol would saturate).
 */
public final class ComposerVersionScheme implements VersionScheme {
  static final int MAX_LENGTH = 256;
  private static final String MODIFIER =
      "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*+)?)?([.-]?dev)?";
  private static final Pattern CLASSICAL =
      Pattern.compile(
          "v?(\\d{1,5}+)(\\.\\d++)?(\\.\\d++)?(\\.\\d++)?" + MODIFIER, Pattern.CASE_INSENSITIVE);
  private static final Pattern DATETIME =
      Pattern.compile(
          "v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})" + MODIFIER,
          Pattern.CASE_INSENSITIVE);
  private static final Pattern STABILITY_FLAG =
      Pattern.compile("(.*)@(?:stable|RC|beta|alpha|dev)", Pattern.CASE_INSENSITIVE);
  private static final Pattern BUILD = Pattern.compile("([^,\\s+]++)\\+[^\\s]++");
  private static final Pattern DEFAULT_BRANCH =
      Pattern.compile("(?:dev-)?(?:master|trunk|default)", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMERIC_BRANCH =
      Pattern.compile("v?(\\d++)(\\.(?:\\d++|[xX*]))?(\\.(?:\\d++|[xX*]))?(\\.(?:\\d++|[xX*]))?");
  private static final Pattern DEV_SUFFIX =
      Pattern.compile("(.*?)[.-]?dev", Pattern.CASE_INSENSITIVE);
  static final String DEFAULT_BRANCH_ALIAS = "9999999-dev";

  @Override
  public String ecosystem() {
    return "Packagist";
  }

  @Override
  public void validate(String version) {
    normalize(version);
  }

  @Override
  public int compare(String a, String b) {
    return versionCompare(normalize(a), normalize(b));
  }

  /** composer/semver VersionParser::normalize for versions (not constraints). */
  public static String normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidVersionException(raw, "version string is empty");
    }
    if (raw.length() > MAX_LENGTH) {
      throw new InvalidVersionException(raw, "version string is longer than " + MAX_LENGTH);
    }
    String v = raw.strip();
    int as = v.indexOf(" as ");
    if (as > 0) {
      v = v.substring(0, as).strip(); // "1.0.x-dev as 1.0.0": the real version is on the left
    }
    Matcher m = STABILITY_FLAG.matcher(v);
    if (m.matches()) {
      v = m.group(1);
    }
    m = BUILD.matcher(v);
    if (m.matches()) {
      v = m.group(1); // build metadata does not count
    }
    if (DEFAULT_BRANCH.matcher(v).matches()) {
      return DEFAULT_BRANCH_ALIAS;
    }
    if (v.regionMatches(true, 0, "dev-", 0, 4)) {
      throw new InvalidVersionException(raw, "branch '" + v + "' has no version order");
    }
    m = CLASSICAL.matcher(v);
    if (m.matches()) {
      String n =
          m.group(1)
              + (m.group(2) != null ? m.group(2) : ".0")
              + (m.group(3) != null ? m.group(3) : ".0")
              + (m.group(4) != null ? m.group(4) : ".0");
      return withModifiers(n, m, 5);
    }
    m = DATETIME.matcher(v);
    if (m.matches()) {
      return withModifiers(m.group(1).replaceAll("\\D", "."), m, 2);
    }
    m = DEV_SUFFIX.matcher(v);
    if (m.matches()) {
      String branch = normalizeBranch(m.group(1));
      if (branch != null) {
        return branch;
      }
    }
    throw new InvalidVersionException(raw, "not a Composer version");
  }

  private static String withModifiers(String version, Matcher m, int index) {
    String stability = m.group(index);
    if (stability != null && !stability.isEmpty()) {
      if (stability.equals("stable")) {
        return version;
      }
      String number = m.group(index + 1);
      version += "-" + expandStability(stability) + (number == null ? "" : stripLeft(number));
    }
    if (m.group(index + 2) != null && !m.group(index + 2).isEmpty()) {
      version += "-dev";
    }
    return version;
  }

  private static String stripLeft(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == '-')) {
      i++;
    }
    return s.substring(i);
  }

  private static String expandStability(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "a" -> "alpha";
      case "b" -> "beta";
      case "p", "pl" -> "patch";
      case "rc" -> "RC";
      default -> s.toLowerCase(Locale.ROOT);
    };
  }

  // "1.x" -> "1.9999999.9999999.9999999-dev", as VersionParser::normalizeBranch.
  private static String normalizeBranch(String name) {
    Matcher m = NUMERIC_BRANCH.matcher(name.strip());
    if (!m.matches()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < 5; i++) {
      b.append(m.group(i) == null ? ".x" : m.group(i).replace('*', 'x').replace('X', 'x'));
    }
    return b.toString().replace("x", "9999999") + "-dev";
  }

  /** PHP's version_compare: canonicalize, then compare '.'-separated parts. */
  static int versionCompare(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() ? (b.isEmpty() ? 0 : -1) : 1;
    }
    List<String> xs = parts(canonicalize(a));
    List<String> ys = parts(canonicalize(b));
    int i = 0;
    for (; i < Math.min(xs.size(), ys.size()); i++) {
      int c = comparePart(xs.get(i), ys.get(i));
      if (c != 0) {
        return c;
      }
    }
    if (xs.size() > i) {
      String p = xs.get(i);
      return isDigit(p) ? 1 : versionCompare(String.join(".", xs.subList(i, xs.size())), "#N#");
    }
    if (ys.size() > i) {
      String p = ys.get(i);
      return isDigit(p) ? -1 : versionCompare("#N#", String.join(".", ys.subList(i, ys.size())));
    }
    return 0;
  }

  private static int comparePart(String x, String y) {
    boolean xd = isDigit(x);
    boolean yd = isDigit(y);
    if (xd && yd) {
      return Digits.compare(leadingDigits(x), leadingDigits(y));
    }
    if (!xd && !yd) {
      return Integer.compare(specialForm(x), specialForm(y));
    }
    return xd
        ? Integer.compare(specialForm("#N#"), specialForm(y))
        : Integer.compare(specialForm(x), specialForm("#N#"));
  }

  private static boolean isDigit(String p) {
    return !p.isEmpty() && Digits.isDigit(p.charAt(0));
  }

  private static String leadingDigits(String p) {
    int i = 0;
    while (i < p.length() && Digits.isDigit(p.charAt(i))) {
      i++;
    }
    return p.substring(0, i);
  }

  private static final String[][] SPECIAL_FORMS = {
    {"dev", "0"},
    {"alpha", "1"},
    {"a", "1"},
    {"beta", "2"},
    {"b", "2"},
    {"RC", "3"},
    {"rc", "3"},
    {"#", "4"},
    {"pl", "5"},
    {"p", "5"}
  };

  // PHP matches the form as a prefix (strncmp), so "patch" is "p" and anything unknown is -1.
  private static int specialForm(String s) {
    for (String[] f : SPECIAL_FORMS) {
      if (s.startsWith(f[0])) {
        return Integer.parseInt(f[1]);
      }
    }
    return -1;
  }

  // s/[-_+]/./g, and a '.' between digit/non-digit transitions; other non-alnum become '.'.
  private static String canonicalize(String v) {
    StringBuilder q = new StringBuilder(v.length() * 2);
    char lp = v.charAt(0);
    q.append(lp);
    for (int i = 1; i < v.length(); i++) {
      char p = v.charAt(i);
      char last = q.charAt(q.length() - 1);
      if (p == '-' || p == '_' || p == '+') {
        if (last != '.') {
          q.append('.');
        }
      } else if ((isNonDigit(lp) && isDig(p)) || (isDig(lp) && isNonDigit(p))) {
        if (last != '.') {
          q.append('.');
        }
        q.append(p);
      } else if (!Character.isLetterOrDigit(p) || p > 0x7f) {
        if (last != '.') {
          q.append('.');
        }
      } else {
        q.append(p);
      }
      lp = p;
    }
    return q.toString();
  }

  private static boolean isDig(char c) {
    return Digits.isDigit(c);
  }

  private static boolean isNonDigit(char c) {
    return !Digits.isDigit(c) && c != '.';
  }

  private static List<String> parts(String canonical) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= canonical.length(); i++) {
      if (i == canonical.length() || canonical.charAt(i) == '.') {
        out.add(canonical.substring(start, i));
        start = i + 1;
      }
    }
    return out;
  }
}
