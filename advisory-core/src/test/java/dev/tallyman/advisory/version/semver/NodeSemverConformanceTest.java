package dev.tallyman.advisory.version.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tallyman.advisory.version.ReferenceProcess;
import dev.tallyman.advisory.version.VersionVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the SemVer vector files are node-semver's truth (strict semver.compare / semver.valid).
 * node-semver is installed with the ordinary npm client into target/ once; without npm (or when the
 * install cannot run) the test is skipped.
 */
class NodeSemverConformanceTest {
  private static final Path DIR = Path.of("target", "node-semver").toAbsolutePath();
  static final String ORDER =
      "const s=require('semver');const out=[];"
          + "for(const l of require('fs').readFileSync(0,'utf8').split('\\n')){if(!l)continue;"
          + "const [a,b]=l.split('\\t');out.push(s.compare(a,b));}console.log(out.join('\\n'));";
  static final String VALID =
      "const s=require('semver');const out=[];"
          + "for(const l of require('fs').readFileSync(0,'utf8').split('\\n')){if(!l)continue;"
          + "out.push(s.valid(l.split('\\t')[0])===null?'invalid':'valid');}"
          + "console.log(out.join('\\n'));";

  private static boolean ready;

  @BeforeAll
  static void installNodeSemver() throws Exception {
    if (!ReferenceProcess.available(null, "node", "--version")) {
      return;
    }
    if (!Files.isRegularFile(DIR.resolve("node_modules/semver/package.json"))) {
      Files.createDirectories(DIR);
      ReferenceProcess.available(
          DIR, "npm", "install", "--no-audit", "--no-fund", "--prefix", DIR.toString(), "semver@7");
    }
    ready = Files.isRegularFile(DIR.resolve("node_modules/semver/package.json"));
  }

  @Test
  void everyVectorAgreesWithNodeSemver() {
    assumeTrue(ready, "npm/node-semver unavailable");
    List<VersionVectors.Vector> vectors =
        VersionVectors.load(getClass(), "testdata/semver-versions.tsv");
    List<String> answers =
        ReferenceProcess.run(DIR, ReferenceProcess.pairs(vectors), "node", "-e", ORDER);
    assertThat(ReferenceProcess.mismatches(vectors, answers)).isEmpty();
    assertThat(vectors).hasSizeGreaterThan(300);
  }

  // Random pre-release/build mixes: ours against node-semver.
  @Test
  void randomVersionsAgreeWithNodeSemver() {
    assumeTrue(ready, "npm/node-semver unavailable");
    SemverScheme scheme = new SemverScheme("npm");
    String[] ids = {"0", "1", "2", "10", "alpha", "beta", "a", "A", "rc", "0a", "-", "x-y", "11"};
    java.util.Random r = new java.util.Random(13);
    List<String> pairs = new java.util.ArrayList<>();
    List<Integer> ours = new java.util.ArrayList<>();
    while (pairs.size() < 2000) {
      String a = random(r, ids);
      String b = random(r, ids);
      pairs.add(a + "\t" + b);
      ours.add(scheme.compare(a, b));
    }
    List<String> answers = ReferenceProcess.run(DIR, pairs, "node", "-e", ORDER);
    List<String> bad = new java.util.ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (!answers.get(i).equals(Integer.toString(ours.get(i)))) {
        bad.add(pairs.get(i) + ": node-semver " + answers.get(i) + ", ours " + ours.get(i));
      }
    }
    assertThat(bad).isEmpty();
  }

  private static String random(java.util.Random r, String[] ids) {
    StringBuilder b =
        new StringBuilder().append(r.nextInt(2)).append('.').append(r.nextInt(2)).append(".0");
    if (r.nextInt(4) != 0) {
      b.append('-').append(ids[r.nextInt(ids.length)]);
      for (int n = r.nextInt(3); n > 0; n--) {
        b.append('.').append(ids[r.nextInt(ids.length)]);
      }
    }
    if (r.nextInt(4) == 0) {
      b.append("+build.").append(r.nextInt(3));
    }
    return b.toString();
  }

  @Test
  void nodeSemverRejectsEveryVersionWeReject() {
    assumeTrue(ready, "npm/node-semver unavailable");
    List<String> invalid =
        VersionVectors.lines(getClass(), "testdata/invalid-versions.txt").stream()
            .map(r -> r[1] + "\t1.0.0")
            .toList();
    List<String> answers = ReferenceProcess.run(DIR, invalid, "node", "-e", VALID);
    assertThat(answers).hasSize(invalid.size()).containsOnly("invalid");
  }
}
