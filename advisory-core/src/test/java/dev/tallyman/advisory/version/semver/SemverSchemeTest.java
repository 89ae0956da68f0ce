package dev.tallyman.advisory.version.semver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemverSchemeTest {
  private final SemverScheme scheme = new SemverScheme("Go");

  // The precedence example chain of semver.org section 11, plus Go and GHSA spellings.
  @ParameterizedTest
  @CsvSource({
    "1.0.0-alpha, 1.0.0-alpha.1, -1",
    "1.0.0-alpha.1, 1.0.0-alpha.beta, -1",
    "1.0.0-alpha.beta, 1.0.0-beta, -1",
    "1.0.0-beta, 1.0.0-beta.2, -1",
    "1.0.0-beta.2, 1.0.0-beta.11, -1",
    "1.0.0-beta.11, 1.0.0-rc.1, -1",
    "1.0.0-rc.1, 1.0.0, -1",
    "1.0.0+build.5, 1.0.0, 0",
    "v1.58.3, 1.58.3, 0",
    "1.0, 1.0.0, 0",
    "2.10.0, 2.9.9, 1"
  })
  void precedence(String a, String b, int expected) {
    assertThat(scheme.compare(a, b)).isEqualTo(expected);
    assertThat(scheme.compare(b, a)).isEqualTo(-expected);
  }
}
