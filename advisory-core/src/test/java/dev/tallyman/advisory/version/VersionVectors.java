package dev.tallyman.advisory.version;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads test vector files: {@code A<TAB>(<|=|>)<TAB>B} per line, '#' comments. */
public final class VersionVectors {
  public record Vector(int line, String a, int expected, String b) {
    public String relation() {
      return expected < 0 ? "lt" : expected == 0 ? "eq" : "gt";
    }

    @Override
    public String toString() {
      return "line " + line + ": " + a + " " + relation() + " " + b;
    }
  }

  private VersionVectors() {}

  public static List<Vector> load(Class<?> owner, String resource) {
    List<Vector> out = new ArrayList<>();
    for (String[] row : lines(owner, resource)) {
      String[] f = row[1].split("\t", -1);
      if (f.length != 3) {
        throw new IllegalStateException(resource + ":" + row[0] + " malformed: " + row[1]);
      }
      int expected =
          switch (f[1]) {
            case "<" -> -1;
            case "=" -> 0;
            case ">" -> 1;
            default -> throw new IllegalStateException("bad relation " + f[1]);
          };
      out.add(new Vector(Integer.parseInt(row[0]), f[0], expected, f[2]));
    }
    return out;
  }

  /** Vectors the scheme gets wrong (in either direction), one message each. */
  public static List<String> disagreements(
      dev.tallyman.advisory.version.VersionScheme scheme, List<Vector> vectors) {
    List<String> out = new ArrayList<>();
    for (Vector v : vectors) {
      try {
        int ab = scheme.compare(v.a(), v.b());
        int ba = scheme.compare(v.b(), v.a());
        if (ab != v.expected() || ba != -v.expected()) {
          out.add(v + " but got " + ab + " / reversed " + ba);
        }
      } catch (RuntimeException e) {
        out.add(v + " threw " + e);
      }
    }
    return out;
  }

  /** Non-comment lines as {lineNumber, text}. */
  public static List<String[]> lines(Class<?> owner, String resource) {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        out.add(new String[] {Integer.toString(n), line});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Asserts that every version in the owner's {@code testdata/invalid-versions.txt} is rejected
   * with an {@link InvalidVersionException} whose message contains {@code reason}.
   */
  public static void assertAllInvalidRejected(
      VersionScheme scheme, Class<?> owner, String valid, String reason) {
    List<String[]> rows = lines(owner, "testdata/invalid-versions.txt");
    org.assertj.core.api.Assertions.assertThat(rows).isNotEmpty();
    for (String[] row : rows) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> scheme.compare(valid, row[1]))
          .as("line " + row[0])
          .isInstanceOf(InvalidVersionException.class)
          .hasMessageContaining(reason);
    }
  }

  /**
   * Asserts the input bounds every scheme keeps: an over-long version, null and the empty string
   * are each an {@link InvalidVersionException}, the first saying it is too long.
   */
  public static void assertBoundedInput(VersionScheme scheme, String tooLong) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> scheme.validate(tooLong))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than");
    for (String v : java.util.Arrays.asList(null, "")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> scheme.validate(v))
          .as(String.valueOf(v))
          .isInstanceOf(InvalidVersionException.class);
    }
  }
}
