package dev.tallyman.advisory.version.rubygems;

import dev.tallyman.advisory.version.Digits;
import dev.tallyman.advisory.version.InvalidVersionException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A RubyGems {@code Gem::Version}: "-" reads as ".pre.", segments are runs of digits or letters,
 * any letter segment makes it a pre-release (1.0.a < 1.0), trailing zeros of the numeric part and
 * of the letter part do not count (canonical_segments). Letters compare case-sensitively.
 */
public final class GemVersion implements Comparable<GemVersion> {
  static final int MAX_LENGTH = 256;
  private static final Pattern ANCHORED =
      Pattern.compile(
          "\\s*([0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)?\\s*");
  private static final Pattern SEGMENT = Pattern.compile("[0-9]+|[a-zA-Z]+");

  // Digit runs are kept as strings and compared by value; letters as strings.
  private final List<String> canonical;

  private GemVersion(List<String> canonical) {
    this.canonical = canonical;
  }

  public static GemVersion parse(String s) {
    // Gem::Version reads "" as "0"; an empty version in advisory or SBOM data is a data error.
    if (s == null || s.isBlank()) {
      throw new InvalidVersionException(s, "version string is empty");
    }
    if (s.length() > MAX_LENGTH) {
      throw new InvalidVersionException(s, "version string is longer than " + MAX_LENGTH);
    }
    Matcher m = ANCHORED.matcher(s);
    if (!m.matches()) {
      throw new InvalidVersionException(s, "malformed version number string");
    }
    String v = m.group(1).replace("-", ".pre.");
    List<String> segments = new ArrayList<>();
    Matcher seg = SEGMENT.matcher(v);
    while (seg.find()) {
      segments.add(seg.group());
    }
    int firstString = 0;
    while (firstString < segments.size() && isNumber(segments.get(firstString))) {
      firstString++;
    }
    List<String> canonical = new ArrayList<>(dropTrailingZeros(segments.subList(0, firstString)));
    canonical.addAll(dropTrailingZeros(segments.subList(firstString, segments.size())));
    return new GemVersion(canonical);
  }

  private static boolean isNumber(String s) {
    return Digits.isDigit(s.charAt(0));
  }

  private static List<String> dropTrailingZeros(List<String> xs) {
    int end = xs.size();
    while (end > 0 && isNumber(xs.get(end - 1)) && Digits.isZero(xs.get(end - 1))) {
      end--;
    }
    return xs.subList(0, end);
  }

  public boolean isPrerelease() {
    return canonical.stream().anyMatch(s -> !isNumber(s));
  }

  @Override
  public int compareTo(GemVersion o) {
    int n = Math.max(canonical.size(), o.canonical.size());
    for (int i = 0; i < n; i++) {
      String l = i < canonical.size() ? canonical.get(i) : "0";
      String r = i < o.canonical.size() ? o.canonical.get(i) : "0";
      boolean ln = isNumber(l);
      boolean rn = isNumber(r);
      int c;
      if (ln && rn) {
        c = Digits.compare(l, r);
      } else if (ln != rn) {
        c = ln ? 1 : -1; // a letter segment is a pre-release: lower than any number
      } else {
        c = Integer.signum(l.compareTo(r));
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
