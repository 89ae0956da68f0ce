package dev.tallyman.advisory.version.apk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** apk-tools' own vector file, the leading-zero rule and hostile input. */
class ApkVersionSchemeTest {
  private final ApkVersionScheme scheme = new ApkVersionScheme("Alpine");

  @Test
  void agreesWithApkToolsVersionData() {
    var vectors = VersionVectors.load(getClass(), "testdata/apk-versions.tsv");
    assertThat(vectors).hasSizeGreaterThan(700);
    assertThat(VersionVectors.disagreements(scheme, vectors)).isEmpty();
  }

  @Test
  void rejectsEveryInvalidVersionWithAReason() {
    VersionVectors.assertAllInvalidRejected(scheme, getClass(), "1.0", "invalid version");
  }

  // apk-tools 2.x reads a '.'-part with leading zeros as a fraction, never as its value.
  @ParameterizedTest
  @CsvSource({
    "1.0.05, 1.0.4, -1",
    "2.16.01, 2.16.1, -1",
    "1.00, 1.0, -1",
    "1.0, 1, 1",
    "1.0-r0, 1.0, 1",
    "1.0_p, 1.0_p0, -1",
    "1.1_alpha, 1.1, -1",
    // apk-tools 2.x quirk: after a zero part the suffix is read one token late, so it wins.
    "1.0_alpha, 1.0, 1",
    "1.0_rc1, 1.0_pre1, 1",
    "1.0_cvs, 1.0_svn, -1",
    "1.0_hg1, 1.0_p1, -1",
    "1.0_git20200101, 1.0, 1",
    "1.0a, 1.0b, -1",
    // Equal so far: the side whose next token kind is lower (letter < suffix) is newer.
    "1.1z, 1.1_p1, 1",
    "1.2.3-r10, 1.2.3-r9, 1"
  })
  void apkSpecificRules(String a, String b, int expected) {
    assertThat(scheme.compare(a, b)).isEqualTo(expected);
    assertThat(scheme.compare(b, a)).isEqualTo(-expected);
  }

  @Test
  void hostileInputIsBoundedAndNumericWithoutOverflow() {
    String big = "9".repeat(150);
    assertThat(scheme.compare(big, "1" + "0".repeat(150))).isEqualTo(-1);
    assertThat(scheme.compare("1.0-r" + big, "1.0-r" + big + "0")).isEqualTo(-1);
    assertThatThrownBy(() -> scheme.validate("1.".repeat(100_000)))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than");
    assertThatThrownBy(() -> scheme.validate(null)).isInstanceOf(InvalidVersionException.class);
  }
}
