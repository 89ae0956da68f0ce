package dev.tallyman.analysis.catalog.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OsReleaseTest {
  @Test
  void parsesRealDebianOsRelease() throws IOException {
    OsRelease os =
        OsReleaseDetector.read(getClass().getResourceAsStream("testdata/debian-12-os-release"));
    assertThat(os)
        .isEqualTo(new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", ""));
  }

  @Test
  void handlesQuotesEscapesAndComments() {
    OsRelease os =
        OsRelease.parse(
            "# comment\nID='alpine'\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine \\\"Linux\\\" v3.19\"\nID_LIKE=\"\"\nbroken line\n");
    assertThat(os).isEqualTo(new OsRelease("alpine", "3.19.1", "", "Alpine \"Linux\" v3.19", ""));
  }

  @Test
  void prefersEtcThenFallsBackToUsrLib() {
    OsRelease etc = OsRelease.parse("ID=debian\nVERSION_ID=12");
    OsRelease lib = OsRelease.parse("ID=ubuntu\nVERSION_ID=22.04");
    assertThat(
            OsReleaseDetector.choose(
                Map.of(OsReleaseDetector.ETC, etc, OsReleaseDetector.USR_LIB, lib)))
        .isEqualTo(etc);
    assertThat(OsReleaseDetector.choose(Map.of(OsReleaseDetector.USR_LIB, lib))).isEqualTo(lib);
    assertThat(OsReleaseDetector.choose(Map.of()).isKnown()).isFalse();
  }
}
