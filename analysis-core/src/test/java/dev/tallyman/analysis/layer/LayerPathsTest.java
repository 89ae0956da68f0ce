package dev.tallyman.analysis.layer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayerPathsTest {
  @ParameterizedTest
  @CsvSource({
    "./etc/os-release, /etc/os-release",
    "/etc//os-release, /etc/os-release",
    "usr/lib/./x/../os-release, /usr/lib/os-release",
    "./, /",
    "a/.., /",
    // Names already clean take a shortcut; these probe its edges.
    "usr/bin/, /usr/bin",
    "/usr/bin, /usr/bin",
    "./usr/bin/env, /usr/bin/env",
    ".hidden/.x, /.hidden/.x",
    "a/..b/c., /a/..b/c.",
    "a/./, /a",
    "a//, /a",
    "'a\\b', /a/b",
    ".//a, /a",
    "//a, /a",
    "a/b/., /a/b",
    "a/b/.., /a",
  })
  void normalizes(String raw, String expected) {
    assertThat(LayerPaths.normalize(raw)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"../etc/passwd", "a/../../b", "./../x", "..", "/..", "a/../.."})
  void rejectsEscapes(String raw) {
    assertThat(LayerPaths.normalize(raw)).isEmpty();
  }
}
