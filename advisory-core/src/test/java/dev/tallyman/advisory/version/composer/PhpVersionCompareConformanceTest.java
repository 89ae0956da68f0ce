package dev.tallyman.advisory.version.composer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tallyman.advisory.version.ReferenceProcess;
import dev.tallyman.advisory.version.VersionVectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the second half of the Composer port against the real thing: PHP's own {@code
 * version_compare} (Debian php-cli) orders our normalized forms of every vector as the vector file
 * says. Vectors with numbers beyond 18 digits are left out on purpose: PHP's strtol saturates
 * there, while Tallyman compares by value. (Composer's normalize is PHP code, not in PHP itself.)
 */
class PhpVersionCompareConformanceTest {
  static final String SCRIPT =
      "while (($l = fgets(STDIN)) !== false) { [$a, $b] = explode(\"\\t\", rtrim($l, \"\\n\"));"
          + " echo version_compare($a, $b), \"\\n\"; }";

  @Test
  void phpVersionCompareAgreesOnEveryNormalizedVector() {
    assumeTrue(ReferenceProcess.available(null, "php", "-r", "exit(0);"), "php-cli absent");
    List<VersionVectors.Vector> vectors =
        VersionVectors.load(getClass(), "testdata/composer-versions.tsv").stream()
            .filter(v -> !(v.a() + v.b()).matches(".*\\d{19,}.*"))
            .toList();
    List<String> normalized =
        vectors.stream()
            .map(
                v ->
                    ComposerVersionScheme.normalize(v.a())
                        + "\t"
                        + ComposerVersionScheme.normalize(v.b()))
            .toList();
    List<String> answers = ReferenceProcess.run(null, normalized, "php", "-r", SCRIPT);
    assertThat(ReferenceProcess.mismatches(vectors, answers)).isEmpty();
    assertThat(vectors).hasSizeGreaterThan(40);
  }

  // Our version_compare port against PHP's on random strings shaped like normalized versions.
  @Test
  void versionComparePortAgreesWithPhpOnRandomVersions() {
    assumeTrue(ReferenceProcess.available(null, "php", "-r", "exit(0);"), "php-cli absent");
    String[] parts = {
      "0", "1", "2", "10", "007", "dev", "alpha", "a", "beta", "b", "RC", "rc", "patch", "pl", "p",
      "foo"
    };
    String[] seps = {".", "-", "_", "+", ""};
    java.util.Random r = new java.util.Random(7);
    List<String> pairs = new java.util.ArrayList<>();
    List<Integer> ours = new java.util.ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String a = randomVersion(r, parts, seps);
      String b = randomVersion(r, parts, seps);
      pairs.add(a + "\t" + b);
      ours.add(ComposerVersionScheme.versionCompare(a, b));
    }
    List<String> answers = ReferenceProcess.run(null, pairs, "php", "-r", SCRIPT);
    List<String> bad = new java.util.ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (!answers.get(i).equals(Integer.toString(ours.get(i)))) {
        bad.add(pairs.get(i) + ": php " + answers.get(i) + ", ours " + ours.get(i));
      }
    }
    assertThat(bad).isEmpty();
  }

  private static String randomVersion(java.util.Random r, String[] parts, String[] seps) {
    StringBuilder b = new StringBuilder(parts[r.nextInt(4)]);
    for (int n = r.nextInt(6); n > 0; n--) {
      b.append(seps[r.nextInt(seps.length)]).append(parts[r.nextInt(parts.length)]);
    }
    return b.toString();
  }
}
