package dev.tallyman.advisory.version.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tallyman.advisory.version.ReferenceProcess;
import dev.tallyman.advisory.version.VersionVectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the vector files are PEP 440's truth as pypa/packaging implements it (the copy vendored in
 * Debian's pip): every ordering vector and every invalid version in one call each.
 */
class PypiConformanceTest {
  static final String PYTHON = "/usr/bin/python3";
  static final String IMPORT = "from pip._vendor.packaging.version import Version, InvalidVersion";
  static final String ORDER =
      IMPORT
          + """

          import sys
          for line in sys.stdin:
              a, b = line.rstrip('\\n').split('\\t')
              x, y = Version(a), Version(b)
              print((x > y) - (x < y))
          """;
  static final String VALID =
      IMPORT
          + """

          import sys
          for line in sys.stdin:
              try:
                  Version(line.rstrip('\\n').split('\\t')[0])
                  print('valid')
              except InvalidVersion:
                  print('invalid')
          """;

  private static void assumePackaging() {
    assumeTrue(ReferenceProcess.available(null, PYTHON, "-c", IMPORT), "pip's packaging absent");
  }

  @Test
  void everyVectorAgreesWithPackaging() {
    assumePackaging();
    List<VersionVectors.Vector> vectors =
        VersionVectors.load(getClass(), "testdata/pypi-versions.tsv");
    List<String> answers =
        ReferenceProcess.run(null, ReferenceProcess.pairs(vectors), PYTHON, "-c", ORDER);
    assertThat(ReferenceProcess.mismatches(vectors, answers)).isEmpty();
    assertThat(vectors).hasSizeGreaterThan(300);
  }

  // Random PEP 440 spellings (epochs, separators, case, pre/post/dev, local): ours against
  // packaging.
  @Test
  void randomVersionsAgreeWithPackaging() {
    assumePackaging();
    PypiVersionScheme scheme = new PypiVersionScheme();
    java.util.Random r = new java.util.Random(5);
    List<String> pairs = new java.util.ArrayList<>();
    List<Integer> ours = new java.util.ArrayList<>();
    while (pairs.size() < 2000) {
      String a = random(r);
      String b = random(r);
      if (scheme.isValid(a) && scheme.isValid(b)) {
        pairs.add(a + "\t" + b);
        ours.add(scheme.compare(a, b));
      }
    }
    List<String> answers = ReferenceProcess.run(null, pairs, PYTHON, "-c", ORDER);
    List<String> bad = new java.util.ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (!answers.get(i).equals(Integer.toString(ours.get(i)))) {
        bad.add(pairs.get(i) + ": packaging " + answers.get(i) + ", ours " + ours.get(i));
      }
    }
    assertThat(bad).isEmpty();
  }

  private static String pick(java.util.Random r, String... xs) {
    return xs[r.nextInt(xs.length)];
  }

  private static String random(java.util.Random r) {
    StringBuilder b = new StringBuilder();
    if (r.nextInt(8) == 0) {
      b.append(r.nextInt(3)).append('!');
    }
    b.append(pick(r, "1", "1.0", "1.0.0", "01.2", "2", "1.10", "1.9"));
    if (r.nextBoolean()) {
      b.append(pick(r, "", ".", "-", "_"))
          .append(pick(r, "a", "alpha", "b", "Beta", "c", "rc", "RC", "pre", "preview"))
          .append(pick(r, "", "0", "1", "2", "10"));
    }
    if (r.nextInt(3) == 0) {
      b.append(pick(r, "-1", ".post1", "post", "-post2", ".r3", "rev", "_post0"));
    }
    if (r.nextInt(3) == 0) {
      b.append(pick(r, ".dev", ".dev0", "dev1", "-dev2", "_DEV"));
    }
    if (r.nextInt(4) == 0) {
      b.append('+').append(pick(r, "abc", "5", "abc.5", "ABC-5", "1.2", "05", "a_b"));
    }
    return b.toString();
  }

  @Test
  void packagingRejectsEveryVersionWeReject() {
    assumePackaging();
    List<String> invalid =
        VersionVectors.lines(getClass(), "testdata/invalid-versions.txt").stream()
            .map(r -> r[1] + "\t1")
            .toList();
    List<String> answers = ReferenceProcess.run(null, invalid, PYTHON, "-c", VALID);
    assertThat(answers).hasSize(invalid.size()).containsOnly("invalid");
  }
}
