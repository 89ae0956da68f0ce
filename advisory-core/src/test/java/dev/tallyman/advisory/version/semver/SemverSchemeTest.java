package dev.tallyman.advisory.version.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemverSchemeTest {
  private final SemverScheme npm = new SemverScheme("npm");
  private final SemverScheme cargo = new SemverScheme("crates.io");
  private final SemverScheme go = new SemverScheme("Go");

  @Test
  void flavorsFollowTheEcosystemName() {
    assertThat(npm.flavor()).isEqualTo(SemverScheme.Flavor.NPM);
    assertThat(cargo.flavor()).isEqualTo(SemverScheme.Flavor.CARGO);
    assertThat(go.flavor()).isEqualTo(SemverScheme.Flavor.GO);
  }

  @Test
  void npmAndGoAgreeWithEverySemverVector() {
    var vectors = VersionVectors.load(getClass(), "testdata/semver-versions.tsv");
    assertThat(VersionVectors.disagreements(npm, vectors)).isEmpty();
    assertThat(VersionVectors.disagreements(go, vectors)).isEmpty();
  }

  @Test
  void cargoAgreesWithEveryVectorWithoutVPrefix() {
    var vectors =
        VersionVectors.load(getClass(), "testdata/semver-versions.tsv").stream()
            .filter(v -> !v.a().startsWith("v") && !v.b().startsWith("v"))
            .toList();
    assertThat(vectors).hasSizeGreaterThan(300);
    assertThat(VersionVectors.disagreements(cargo, vectors)).isEmpty();
  }

  @Test
  void goAgreesWithGoOnlyVectors() {
    var vectors = VersionVectors.load(getClass(), "testdata/go-versions.tsv");
    assertThat(VersionVectors.disagreements(go, vectors)).isEmpty();
  }

  @Test
  void strictSchemesRejectEveryInvalidVersion() {
    var rows = VersionVectors.lines(getClass(), "testdata/invalid-versions.txt");
    assertThat(rows).isNotEmpty();
    for (String[] row : rows) {
      for (SemverScheme s : new SemverScheme[] {npm, cargo}) {
        assertThatThrownBy(() -> s.compare(row[1], "1.0.0"))
            .as(s.ecosystem() + " line " + row[0])
            .isInstanceOf(InvalidVersionException.class);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1.2-pre", "v1-pre", "v1.2+meta", "v01.2.3", "v1.2.3-01", "1.2.3.4"})
  void goRejectsWhatXModSemverRejects(String v) {
    assertThatThrownBy(() -> go.validate(v)).isInstanceOf(InvalidVersionException.class);
  }

  @Test
  void cargoTakesNoVPrefix() {
    assertThatThrownBy(() -> cargo.validate("v1.0.0"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("no 'v' prefix");
  }

  // GHSA writes "introduced": "1.0" in npm ranges (GHSA-r683-j2x4-v87g, node-fetch): read as 1.0.0.
  @Test
  void partialVersionsPadWithZerosButTakeNoSuffix() {
    for (SemverScheme s : new SemverScheme[] {npm, cargo, go}) {
      assertThat(s.compare("1.0", "1.0.0")).isZero();
      assertThat(s.compare("1", "1.0.0")).isZero();
      assertThat(s.compare("1.0", "1.0.0-rc.1")).isEqualTo(1);
      assertThat(s.compare("3.1", "3.0.9")).isEqualTo(1);
      assertThatThrownBy(() -> s.validate("1.0-beta"))
          .isInstanceOf(InvalidVersionException.class)
          .hasMessageContaining("partial version");
    }
  }

  @Test
  void hostileInputIsBoundedAndNumericWithoutOverflow() {
    String big = "9".repeat(100);
    assertThat(npm.compare(big + ".0.0", "1" + "0".repeat(100) + ".0.0")).isEqualTo(-1);
    assertThat(npm.compare("1.0.0-" + big, "1.0.0-" + big + "0")).isEqualTo(-1);
    assertThatThrownBy(() -> npm.validate("1.0.0-" + "a".repeat(100_000)))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than");
    assertThatThrownBy(() -> go.validate(null)).isInstanceOf(InvalidVersionException.class);
  }
}
