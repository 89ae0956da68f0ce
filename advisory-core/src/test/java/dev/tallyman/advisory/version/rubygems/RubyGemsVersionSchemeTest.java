package dev.tallyman.advisory.version.rubygems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionVectors;
import org.junit.jupiter.api.Test;

class RubyGemsVersionSchemeTest {
  private final RubyGemsVersionScheme scheme = new RubyGemsVersionScheme();

  @Test
  void agreesWithEveryVectorBothWays() {
    var vectors = VersionVectors.load(getClass(), "testdata/rubygems-versions.tsv");
    assertThat(VersionVectors.disagreements(scheme, vectors)).isEmpty();
  }

  @Test
  void rejectsEveryInvalidVersionWithAReason() {
    VersionVectors.assertAllInvalidRejected(
        scheme, getClass(), "1.0", "malformed version number string");
  }

  @Test
  void prereleaseIsALetterSegmentAndHostileInputIsBounded() {
    assertThat(GemVersion.parse("1.0.0.rc1").isPrerelease()).isTrue();
    assertThat(GemVersion.parse("1.0.0").isPrerelease()).isFalse();
    assertThat(scheme.compare("1." + "9".repeat(200), "2")).isEqualTo(-1);
    assertThatThrownBy(() -> scheme.validate("1".repeat(10_000)))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than");
    assertThatThrownBy(() -> scheme.validate(null)).isInstanceOf(InvalidVersionException.class);
  }
}
