package dev.tallyman.advisory.version.nuget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.version.VersionVectors;
import org.junit.jupiter.api.Test;

class NuGetVersionSchemeTest {
  private final NuGetVersionScheme scheme = new NuGetVersionScheme();

  @Test
  void agreesWithEveryVectorBothWays() {
    var vectors = VersionVectors.load(getClass(), "testdata/nuget-versions.tsv");
    assertThat(vectors).hasSizeGreaterThan(30);
    assertThat(VersionVectors.disagreements(scheme, vectors)).isEmpty();
  }

  @Test
  void rejectsEveryInvalidVersionWithAReason() {
    VersionVectors.assertAllInvalidRejected(scheme, getClass(), "1.0.0", "invalid version");
  }

  @Test
  void hostileInputIsBoundedAndNumericWithoutOverflow() {
    assertThat(scheme.compare("1.0." + "9".repeat(200), "1.0.1" + "0".repeat(200))).isEqualTo(-1);
    VersionVectors.assertBoundedInput(scheme, "1.0".repeat(100_000));
  }
}
