package dev.tallyman.advisory.version.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tallyman.advisory.version.ReferenceProcess;
import dev.tallyman.advisory.version.VersionVectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the vector file is rpm's truth: python-rpm's {@code rpm.labelCompare} (Debian package
 * python3-rpm, installed by deploy/scripts/install-prereqs.sh) judges every vector in one call.
 */
class RpmConformanceTest {
  static final String PYTHON = "/usr/bin/python3";
  // Split [E:]V[-R] like rpm's parseEVR: epoch = leading digits before ':', release after last '-'.
  static final String SCRIPT =
      """
      import re, sys, rpm
      def evr(s):
          m = re.match(r'(\\d*):', s)
          e = None
          if m:
              e, s = (m.group(1) or '0'), s[m.end():]
          v, _, r = s.rpartition('-') if '-' in s else (s, '', None)
          return (e, v, r)
      for line in sys.stdin:
          a, b = line.rstrip('\\n').split('\\t')
          print(rpm.labelCompare(evr(a), evr(b)))
      """;

  @Test
  void everyVectorAgreesWithPythonRpmLabelCompare() {
    assumeTrue(
        ReferenceProcess.available(null, PYTHON, "-c", "import rpm"), "python3-rpm not installed");
    List<VersionVectors.Vector> vectors =
        VersionVectors.load(getClass(), "testdata/rpm-versions.tsv");
    List<String> answers =
        ReferenceProcess.run(null, ReferenceProcess.pairs(vectors), PYTHON, "-c", SCRIPT);
    assertThat(ReferenceProcess.mismatches(vectors, answers)).isEmpty();
    assertThat(vectors).hasSizeGreaterThan(150);
  }

  // rpmvercmp's corner cases live in odd strings: random ones over its special characters.
  @Test
  void randomEvrsAgreeWithPythonRpm() {
    assumeTrue(
        ReferenceProcess.available(null, PYTHON, "-c", "import rpm"), "python3-rpm not installed");
    RpmVersionScheme scheme = new RpmVersionScheme("Red Hat");
    String alphabet = "0019aZz.~^_+-:";
    java.util.Random r = new java.util.Random(11);
    List<String> pairs = new java.util.ArrayList<>();
    List<Integer> ours = new java.util.ArrayList<>();
    while (pairs.size() < 3000) {
      String a = random(r, alphabet);
      String b = random(r, alphabet);
      if (scheme.isValid(a) && scheme.isValid(b)) {
        pairs.add(a + "\t" + b);
        ours.add(scheme.compare(a, b));
      }
    }
    List<String> answers = ReferenceProcess.run(null, pairs, PYTHON, "-c", SCRIPT);
    List<String> bad = new java.util.ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (!answers.get(i).equals(Integer.toString(ours.get(i)))) {
        bad.add(pairs.get(i) + ": rpm " + answers.get(i) + ", ours " + ours.get(i));
      }
    }
    assertThat(bad).isEmpty();
  }

  private static String random(java.util.Random r, String alphabet) {
    StringBuilder b = new StringBuilder();
    for (int n = 1 + r.nextInt(8); n > 0; n--) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
