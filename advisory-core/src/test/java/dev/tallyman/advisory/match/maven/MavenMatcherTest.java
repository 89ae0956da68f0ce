package dev.tallyman.advisory.match.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.SharedData;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.osv.OsvLoader;
import dev.tallyman.advisory.severity.Severity;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real GitHub Advisory Database records from the shared data folder. */
class MavenMatcherTest {
  private static AdvisoryIndex index;
  private final MavenMatcher matcher = new MavenMatcher();

  @BeforeAll
  static void load() throws Exception {
    AdvisoryIndex.Builder b = AdvisoryIndex.builder();
    OsvLoader.LoadStats stats =
        new OsvLoader().load(SharedData.advisories().resolve("osv/ghsa"), r -> b.add(r, "ghsa"));
    assertThat(stats.rejectedCount()).isZero();
    assertThat(stats.recordCount()).isGreaterThanOrEqualTo(17);
    index = b.build();
  }

  private List<Match> match(String name, String version) {
    return matcher.match(
        new InstalledPackage("p1", "Maven", name, version, "", "", ""), Distro.NONE, index);
  }

  @Test
  void log4ShellMatchesLog4jCore2141() {
    List<Match> matches = match("org.apache.logging.log4j:log4j-core", "2.14.1");
    assertThat(matches).extracting(m -> m.vulnerability().id()).contains("CVE-2021-44228");
    Match m =
        matches.stream()
            .filter(x -> x.vulnerability().id().equals("CVE-2021-44228"))
            .findFirst()
            .orElseThrow();
    assertThat(m.vulnerability().aliases()).contains("GHSA-jfh8-c2jp-5v3q");
    assertThat(m.fixedVersion()).isEqualTo("2.15.0");
    assertThat(m.matchedRange()).isEqualTo("ECOSYSTEM introduced=2.13.0 fixed=2.15.0");
    assertThat(m.vulnerability().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(m.vulnerability().cvssScore()).isEqualTo(10.0);
    assertThat(m.vulnerability().cvssVersion()).isEqualTo("3.1");
    assertThat(m.vulnerability().source()).isEqualTo("ghsa");
    assertThat(m.vulnerability().published()).isNotNull();
    assertThat(m.ecosystem()).isEqualTo("Maven");
    assertThat(m.pkg().id()).isEqualTo("p1");
  }

  @Test
  void fixedVersionsDoNotMatchAndBackportsPickTheirOwnFix() {
    assertThat(match("org.apache.logging.log4j:log4j-core", "2.17.1")).isEmpty();
    assertThat(match("org.apache.logging.log4j:log4j-core", "2.15.0")).isEmpty();
    assertThat(match("org.apache.logging.log4j:log4j-core", "2.12.1"))
        .singleElement()
        .satisfies(m -> assertThat(m.fixedVersion()).isEqualTo("2.12.2"));
    assertThat(match("org.apache.logging.log4j:log4j-core", "2.0-beta9"))
        .singleElement()
        .satisfies(m -> assertThat(m.fixedVersion()).isEqualTo("2.3.1"));
    assertThat(match("org.apache.logging.log4j:log4j-api", "2.14.1")).isEmpty();
  }

  @Test
  void moderateMapsToMediumAndReleaseQualifiersOrder() {
    assertThat(match("org.springframework:spring-beans", "5.2.19.RELEASE"))
        .singleElement()
        .satisfies(m -> assertThat(m.fixedVersion()).isEqualTo("5.2.20.RELEASE"));
    assertThat(match("org.springframework:spring-beans", "5.3.18")).isEmpty();
    assertThat(match("org.yaml:snakeyaml", "1.33"))
        .singleElement()
        .satisfies(m -> assertThat(m.vulnerability().severity()).isEqualTo(Severity.HIGH));
  }

  @Test
  void nameIsCompletedFromPurl() {
    List<Match> m =
        matcher.match(
            new InstalledPackage(
                "p2",
                "Maven",
                "log4j-core",
                "2.14.1",
                "",
                "",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
            Distro.NONE,
            index);
    assertThat(m).extracting(x -> x.matchedName()).contains("org.apache.logging.log4j:log4j-core");
  }
}
