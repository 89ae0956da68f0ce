package dev.tallyman.advisory.version.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import dev.tallyman.advisory.version.VersionSchemes;
import dev.tallyman.advisory.version.VersionVectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionTest {
  private final VersionScheme scheme = VersionSchemes.forEcosystem("Debian:12").orElseThrow();

  @Test
  void everyVectorHoldsBothWays() {
    List<VersionVectors.Vector> vectors =
        VersionVectors.load(getClass(), "testdata/debian-versions.tsv");
    assertThat(vectors).hasSizeGreaterThan(1000);
    List<String> failures = new ArrayList<>();
    for (VersionVectors.Vector v : vectors) {
      int got = scheme.compare(v.a(), v.b());
      int back = scheme.compare(v.b(), v.a());
      if (got != v.expected() || back != -v.expected()) {
        failures.add(v + " but got " + got + "/" + back);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void invalidVersionsAreRejectedWithAReason() {
    List<String[]> invalid = VersionVectors.lines(getClass(), "testdata/invalid-versions.txt");
    assertThat(invalid).hasSizeGreaterThan(15);
    for (String[] row : invalid) {
      assertThatThrownBy(() -> DebianVersion.parse(row[1]))
          .as("line %s: '%s'", row[0], row[1])
          .isInstanceOf(InvalidVersionException.class)
          .hasMessageContaining("invalid version");
    }
    assertThatThrownBy(() -> DebianVersion.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> DebianVersion.parse("   ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> DebianVersion.parse(null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> DebianVersion.parse("1".repeat(600))).hasMessageContaining("longer");
  }

  @ParameterizedTest
  @CsvSource({
    "1.0, 0, 1.0, ''",
    "1:2.38.1-5+deb12u3, 1, 2.38.1, 5+deb12u3",
    "2.36-9+deb12u14, 0, 2.36, 9+deb12u14",
    "1:1-1-1, 1, 1-1, 1",
    "1:1:1, 1, 1:1, ''",
    "0:0-0, 0, 0, 0",
    "' 1.0-1 ', 0, 1.0, 1"
  })
  void splitsEpochUpstreamRevisionLikeDpkg(String in, int epoch, String upstream, String rev) {
    DebianVersion v = DebianVersion.parse(in);
    assertThat(v.epoch()).isEqualTo(epoch);
    assertThat(v.upstream()).isEqualTo(upstream);
    assertThat(v.revision()).isEqualTo(rev);
  }

  @Test
  void reasonsNameTheDpkgError() {
    assertThatThrownBy(() -> DebianVersion.parse("1.0-"))
        .hasMessageContaining("revision number is empty");
    assertThatThrownBy(() -> DebianVersion.parse("2147483648:1")).hasMessageContaining("too big");
    assertThatThrownBy(() -> DebianVersion.parse("-1:1")).hasMessageContaining("negative");
    assertThatThrownBy(() -> DebianVersion.parse("a1"))
        .hasMessageContaining("does not start with digit");
  }

  @Test
  void tildeSortsBeforeEverythingEvenTheEnd() {
    List<String> ascending = List.of("1~~", "1~~a", "1~", "1", "1A", "1a", "1+", "1.0");
    for (int i = 0; i + 1 < ascending.size(); i++) {
      assertThat(scheme.compare(ascending.get(i), ascending.get(i + 1)))
          .as("%s < %s", ascending.get(i), ascending.get(i + 1))
          .isEqualTo(-1);
    }
  }
}
