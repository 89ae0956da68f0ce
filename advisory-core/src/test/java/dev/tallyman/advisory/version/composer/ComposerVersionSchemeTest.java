package dev.tallyman.advisory.version.composer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.version.VersionVectors;
import org.junit.jupiter.api.Test;

class ComposerVersionSchemeTest {
  private final ComposerVersionScheme scheme = new ComposerVersionScheme();

  @Test
  void agreesWithEveryVectorBothWays() {
    var vectors = VersionVectors.load(getClass(), "testdata/composer-versions.tsv");
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
