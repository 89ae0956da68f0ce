package dev.tallyman.advisory.match.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.SharedData;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.advisory.osv.OsvLoader;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real AlmaLinux and Rocky Linux OSV records (vunnel test inputs): binary rpm names. */
class RpmOsvMatcherTest {
  private static AdvisoryIndex index;

  @BeforeAll
  static void load() throws Exception {
    AdvisoryIndex.Builder b = AdvisoryIndex.builder();
    String base = "vunnel-fixtures/tests/unit/providers/";
    new OsvLoader()
        .load(
            SharedData.advisories().resolve(base + "alma/test-fixtures/osv-database/advisories"),
            r -> b.add(r, "osv"));
    new OsvLoader()
        .load(
            SharedData.advisories().resolve(base + "rocky/test-fixtures/osv"),
            r -> b.add(r, "osv"));
    index = b.build();
  }

  private static List<Match> match(
      String eco, String name, String evr, String src, String label, Distro d) {
    InstalledPackage p = new InstalledPackage("id", eco, name, evr, src, "", "", label);
    return MatchEngine.standard().match(d, List.of(p), index).matches();
  }

  @Test
  void almaMatchesByBinaryNameOnItsMajorRelease() {
    Distro alma9 = new Distro("almalinux", "9.1");
    // ALSA-2022:8194: libtiff-devel < 4.4.0-2.el9
    List<Match> m = match("AlmaLinux", "libtiff-devel", "4.4.0-1.el9", "libtiff", "", alma9);
    assertThat(m).isNotEmpty();
    assertThat(m.get(0).fixedVersion()).isEqualTo("4.4.0-2.el9");
    assertThat(m.get(0).ecosystem()).isEqualTo("AlmaLinux:9");
    assertThat(match("AlmaLinux", "libtiff-devel", "4.4.0-2.el9", "libtiff", "", alma9)).isEmpty();
    // the same build on AlmaLinux 8 is not what ALSA-2022:8194 covers
    assertThat(
            match(
                "AlmaLinux",
                "libtiff-devel",
                "4.4.0-1.el9",
                "libtiff",
                "",
                new Distro("almalinux", "8.8")))
        .isEmpty();
  }

  @Test
  void moduleBuildFixesAnswerOnlyForModulePackages() {
    Distro rocky9 = new Distro("rocky", "9.4");
    // RLSA-2024:3671: ruby < 3.3.1-2.module+el9.4.0+... (the ruby:3.3 stream)
    List<Match> m =
        match(
            "Rocky Linux",
            "ruby",
            "3.3.0-1.module+el9.4.0+19000+aaaaaaaa",
            "ruby",
            "ruby:3.3:9040020240101:abcdef12",
            rocky9);
    assertThat(m).isNotEmpty();
    Match x = m.get(0);
    assertThat(x.fixedVersion()).isEqualTo("0:3.3.1-2.module+el9.4.0+20787+4c237fd3");
    // the default-stream ruby 3.0 of RHEL 9 (no module) is another build
    assertThat(match("Rocky Linux", "ruby", "3.0.4-160.el9_0", "ruby", "", rocky9)).isEmpty();
  }

  @Test
  void epochInTheFixIsCompared() {
    Distro rocky8 = new Distro("rocky", "8.4");
    // RLSA-2021:3891: java-11-openjdk < 1:11.0.13.0.8-1.el8_4
    assertThat(match("Rocky Linux", "java-11-openjdk", "1:11.0.12.0.7-0.el8_4", "", "", rocky8))
        .isNotEmpty();
    assertThat(match("Rocky Linux", "java-11-openjdk", "1:11.0.13.0.8-1.el8_4", "", "", rocky8))
        .isEmpty();
    // without the epoch (0) every 1: fix is above it
    assertThat(match("Rocky Linux", "java-11-openjdk", "11.0.99-1.el8_4", "", "", rocky8))
        .isNotEmpty();
  }
}
