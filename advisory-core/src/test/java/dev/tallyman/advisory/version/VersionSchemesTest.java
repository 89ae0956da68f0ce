package dev.tallyman.advisory.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.version.apk.ApkVersionScheme;
import dev.tallyman.advisory.version.composer.ComposerVersionScheme;
import dev.tallyman.advisory.version.deb.DebianVersionScheme;
import dev.tallyman.advisory.version.nuget.NuGetVersionScheme;
import dev.tallyman.advisory.version.pypi.PypiVersionScheme;
import dev.tallyman.advisory.version.rpm.RpmVersionScheme;
import dev.tallyman.advisory.version.rubygems.RubyGemsVersionScheme;
import dev.tallyman.advisory.version.semver.SemverScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry maps every OSV ecosystem name, and no scheme throws anything but its own error. */
class VersionSchemesTest {

  @ParameterizedTest
  @CsvSource({
    "Red Hat, rpm.RpmVersionScheme",
    "AlmaLinux:8, rpm.RpmVersionScheme",
    "Rocky Linux:9, rpm.RpmVersionScheme",
    "openSUSE:Leap 15.5, rpm.RpmVersionScheme",
    "SUSE:Linux Enterprise Server 15 SP5, rpm.RpmVersionScheme",
    "Alpine:v3.19, apk.ApkVersionScheme",
    "Wolfi, apk.ApkVersionScheme",
    "Chainguard, apk.ApkVersionScheme",
    "npm, semver.SemverScheme",
    "crates.io, semver.SemverScheme",
    "Go, semver.SemverScheme",
    "PyPI, pypi.PypiVersionScheme",
    "RubyGems, rubygems.RubyGemsVersionScheme",
    "NuGet, nuget.NuGetVersionScheme",
    "Packagist, composer.ComposerVersionScheme",
    "Ubuntu:22.04:LTS, deb.DebianVersionScheme",
    "Debian:12, deb.DebianVersionScheme",
    "maven, maven.MavenVersionScheme"
  })
  void resolvesOsvEcosystemNames(String ecosystem, String type) {
    VersionScheme s = VersionSchemes.forEcosystem(ecosystem).orElseThrow();
    assertThat(s.getClass().getName()).isEqualTo("dev.tallyman.advisory.version." + type);
    assertThat(s.ecosystem()).isEqualToIgnoringCase(VersionSchemes.family(ecosystem));
  }

  @Test
  void unknownEcosystemIsEmpty() {
    assertThat(VersionSchemes.forEcosystem("Cobol")).isEmpty();
    assertThat(VersionSchemes.forEcosystem(null)).isEmpty();
  }

  private static List<VersionScheme> all() {
    return List.of(
        new DebianVersionScheme("Debian"),
        new RpmVersionScheme("Red Hat"),
        new ApkVersionScheme("Alpine"),
        new SemverScheme("npm"),
        new SemverScheme("crates.io"),
        new SemverScheme("Go"),
        new PypiVersionScheme(),
        new RubyGemsVersionScheme(),
        new NuGetVersionScheme(),
        new ComposerVersionScheme(),
        VersionSchemes.forEcosystem("Maven").orElseThrow());
  }

  // Random strings over the characters versions are made of, plus hostile shapes: every scheme
  // answers -1/0/1 consistently or throws InvalidVersionException, nothing else.
  @Test
  void fuzzedInputOnlyEverYieldsAnswersOrInvalidVersion() {
    String alphabet = "0123456789.-_+~^:!abcdefgprvxABCRZ@ \t\u00e9/";
    Random r = new Random(42);
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(14);
      for (int k = 0; k < n; k++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      inputs.add(b.toString());
    }
    inputs.addAll(
        List.of(
            "9".repeat(255),
            "1." + "0".repeat(250),
            "1" + ".1".repeat(127),
            "1-" + "a".repeat(250),
            "1.0a" + "1".repeat(250),
            "\u0000",
            "1.0\u0000",
            "v",
            "-",
            ".",
            ":"));
    List<String> problems = new ArrayList<>();
    for (VersionScheme s : all()) {
      int valid = 0;
      for (int i = 0; i < inputs.size(); i++) {
        String a = inputs.get(i);
        String b = inputs.get((i * 7 + 3) % inputs.size());
        try {
          int ab = s.compare(a, b);
          int ba = s.compare(b, a);
          valid++;
          if (ab != -ba || Math.abs(ab) > 1 || s.compare(a, a) != 0) {
            problems.add(s.ecosystem() + " inconsistent on '" + a + "' vs '" + b + "'");
          }
        } catch (InvalidVersionException e) {
          // expected for most random strings
        } catch (RuntimeException e) {
          problems.add(s.ecosystem() + " threw " + e + " on '" + a + "' vs '" + b + "'");
        }
      }
      if (valid == 0 && !(s instanceof SemverScheme)) {
        problems.add(s.ecosystem() + " accepted no pair at all: the fuzz proves nothing");
      }
    }
    assertThat(problems).isEmpty();
  }
}
