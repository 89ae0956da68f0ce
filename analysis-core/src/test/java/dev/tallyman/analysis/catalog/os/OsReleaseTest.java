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
  void distrolessOsRelease() {
    // As distroless writes it (common/variables.bzl OS_RELEASE): no VERSION_CODENAME.
    OsRelease os =
        OsRelease.parse(
            "PRETTY_NAME=\"Distroless\"\nNAME=\"Debian GNU/Linux\"\nID=\"debian\"\n"
                + "VERSION_ID=\"12\"\nVERSION=\"Debian GNU/Linux 12 (bookworm)\"\n"
                + "HOME_URL=\"https://github.com/GoogleContainerTools/distroless\"\n");
    assertThat(os).isEqualTo(new OsRelease("debian", "12", "", "Distroless", ""));
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

  private OsRelease readTestdata(String path, String resource) throws IOException {
    return OsReleaseDetector.read(path, getClass().getResourceAsStream("testdata/" + resource));
  }

  @Test
  void alpineRelease() throws IOException {
    assertThat(readTestdata(OsReleaseDetector.ALPINE, "alpine-release"))
        .isEqualTo(new OsRelease("alpine", "3.18.4", "", "Alpine Linux v3.18", ""));
  }

  @Test
  void redhatReleaseOfRhelAndItsKin() throws IOException {
    assertThat(readTestdata(OsReleaseDetector.REDHAT, "redhat-release"))
        .isEqualTo(
            new OsRelease(
                "rhel", "9.3", "Plow", "Red Hat Enterprise Linux release 9.3 (Plow)", "fedora"));
    assertThat(OsReleaseDetector.redhat("Rocky Linux release 9.3 (Blue Onyx)\n").id())
        .isEqualTo("rocky");
    assertThat(OsReleaseDetector.redhat("AlmaLinux release 8.9 (Midnight Oncilla)").versionId())
        .isEqualTo("8.9");
    // os-release says VERSION_ID="7" on CentOS 7, so the fallback must agree.
    OsRelease centos = OsReleaseDetector.redhat("CentOS Linux release 7.9.2009 (Core)");
    assertThat(centos.id()).isEqualTo("centos");
    assertThat(centos.versionId()).isEqualTo("7");
    assertThat(OsReleaseDetector.redhat("Something else 1.0").isKnown()).isFalse();
  }

  @Test
  void debianVersion() throws IOException {
    // testdata/debian_version is this Debian 12 machine's own file (e.g. "12.11").
    OsRelease os = readTestdata(OsReleaseDetector.DEBIAN, "debian_version");
    assertThat(os.id()).isEqualTo("debian");
    assertThat(os.versionId()).isEqualTo("12");
    assertThat(OsReleaseDetector.debian("trixie/sid\n"))
        .isEqualTo(new OsRelease("debian", "", "trixie", "Debian", ""));
    assertThat(OsReleaseDetector.debian("\u0000garbage").isKnown()).isFalse();
  }

  @Test
  void osReleaseWinsOverOlderFilesWhichFallBackInOrder() {
    OsRelease osRelease = OsRelease.parse("ID=ubuntu\nVERSION_ID=22.04");
    OsRelease debian = OsReleaseDetector.debian("bookworm/sid");
    OsRelease alpine = OsReleaseDetector.alpine("3.19.1");
    assertThat(
            OsReleaseDetector.choose(
                Map.of(OsReleaseDetector.USR_LIB, osRelease, OsReleaseDetector.DEBIAN, debian)))
        .isEqualTo(osRelease);
    assertThat(
            OsReleaseDetector.choose(
                Map.of(OsReleaseDetector.ALPINE, alpine, OsReleaseDetector.DEBIAN, debian)))
        .isEqualTo(alpine);
    assertThat(
            OsReleaseDetector.choose(
                Map.of(OsReleaseDetector.ETC, OsRelease.UNKNOWN, OsReleaseDetector.DEBIAN, debian)))
        .isEqualTo(debian);
  }

  @Test
  void requestsEveryOsFileAndNothingElse() {
    assertThat(OsReleaseDetector.REQUEST.wants("/etc/alpine-release")).isTrue();
    assertThat(OsReleaseDetector.REQUEST.wants("/etc/redhat-release")).isTrue();
    assertThat(OsReleaseDetector.REQUEST.wants("/etc/debian_version")).isTrue();
    assertThat(OsReleaseDetector.REQUEST.wants("/etc/centos-release")).isFalse();
    assertThat(OsReleaseDetector.REQUEST.wants("/usr/etc/debian_version")).isFalse();
  }
}
