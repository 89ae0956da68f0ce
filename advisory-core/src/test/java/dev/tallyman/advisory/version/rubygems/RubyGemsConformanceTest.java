package dev.tallyman.advisory.version.rubygems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tallyman.advisory.version.ReferenceProcess;
import dev.tallyman.advisory.version.VersionVectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the vector files are RubyGems' truth by asking Debian's ruby (Gem::Version), one call. */
class RubyGemsConformanceTest {
  static final String RUBY = "ruby";
  static final String ORDER =
      "STDIN.each_line { |l| a, b = l.chomp.split(\"\\t\", -1);"
          + " puts(Gem::Version.new(a) <=> Gem::Version.new(b)) }";
  static final String VALID =
      "STDIN.each_line { |l| puts(Gem::Version.correct?(l.chomp.split(\"\\t\", -1)[0]) ?"
          + " 'valid' : 'invalid') }";

  private static void assumeRuby() {
    assumeTrue(ReferenceProcess.available(null, RUBY, "-e", "Gem::Version"), "ruby not installed");
  }

  @Test
  void everyVectorAgreesWithGemVersion() {
    assumeRuby();
    List<VersionVectors.Vector> vectors =
        VersionVectors.load(getClass(), "testdata/rubygems-versions.tsv");
    List<String> answers =
        ReferenceProcess.run(null, ReferenceProcess.pairs(vectors), RUBY, "-e", ORDER);
    assertThat(ReferenceProcess.mismatches(vectors, answers)).isEmpty();
    assertThat(vectors).hasSizeGreaterThan(200);
  }

  // Random versions over digits, letters of both cases, '.' and '-': ours against Ruby's.
  @Test
  void randomVersionsAgreeWithGemVersion() {
    assumeRuby();
    RubyGemsVersionScheme scheme = new RubyGemsVersionScheme();
    String[] parts = {"0", "1", "2", "10", "00", "a", "b", "A", "rc", "pre", "beta", "x1", "1a"};
    java.util.Random r = new java.util.Random(3);
    List<String> pairs = new java.util.ArrayList<>();
    List<Integer> ours = new java.util.ArrayList<>();
    while (pairs.size() < 2000) {
      String a = random(r, parts);
      String b = random(r, parts);
      if (scheme.isValid(a) && scheme.isValid(b)) {
        pairs.add(a + "\t" + b);
        ours.add(scheme.compare(a, b));
      }
    }
    List<String> answers = ReferenceProcess.run(null, pairs, RUBY, "-e", ORDER);
    List<String> bad = new java.util.ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (!answers.get(i).equals(Integer.toString(ours.get(i)))) {
        bad.add(pairs.get(i) + ": ruby " + answers.get(i) + ", ours " + ours.get(i));
      }
    }
    assertThat(bad).isEmpty();
  }

  private static String random(java.util.Random r, String[] parts) {
    StringBuilder b = new StringBuilder(Integer.toString(r.nextInt(3)));
    for (int n = r.nextInt(5); n > 0; n--) {
      b.append(r.nextInt(4) == 0 ? "-" : ".").append(parts[r.nextInt(parts.length)]);
    }
    return b.toString();
  }

  @Test
  void rubyRejectsEveryVersionWeReject() {
    assumeRuby();
    List<String> invalid =
        VersionVectors.lines(getClass(), "testdata/invalid-versions.txt").stream()
            .map(r -> r[1] + "\t1")
            .toList();
    List<String> answers = ReferenceProcess.run(null, invalid, RUBY, "-e", VALID);
    assertThat(answers).hasSize(invalid.size()).containsOnly("invalid");
  }
}
