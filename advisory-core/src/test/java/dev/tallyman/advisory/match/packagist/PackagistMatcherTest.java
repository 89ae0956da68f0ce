package dev.tallyman.advisory.match.packagist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.advisory.match.MatchFixtures;
import dev.tallyman.advisory.osv.OsvRecord;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** guzzlehttp/guzzle GHSA-w248-ffj2-4v5q (&lt; 6.5.8, 7.0.0–7.4.5), see testdata/README.md. */
class PackagistMatcherTest {
  private static OsvRecord record;
  private static AdvisoryIndex index;

  @BeforeAll
  static void load() throws Exception {
    try (var in =
        PackagistMatcherTest.class.getResourceAsStream("testdata/GHSA-w248-ffj2-4v5q.json")) {
      record = FeedJson.osvJson(in.readAllBytes());
    }
    index = AdvisoryIndex.builder().add(record, "ghsa").build();
  }

  private static List<Match> match(String name, String version, AdvisoryIndex idx) {
    return MatchEngine.standard()
        .match(Distro.NONE, List.of(InstalledPackage.of("Packagist", name, version)), idx)
        .matches();
  }

  @Test
  void eachRangeNamesItsOwnFix() {
    Match seven = MatchFixtures.find(match("guzzlehttp/guzzle", "7.4.4", index), "CVE-2022-31090");
    assertThat(seven.fixedVersion()).isEqualTo("7.4.5");
    Match six = MatchFixtures.find(match("guzzlehttp/guzzle", "6.5.7", index), "CVE-2022-31090");
    assertThat(six.fixedVersion()).isEqualTo("6.5.8");
    // Composer accepts a leading v
    assertThat(match("guzzlehttp/guzzle", "v7.4.4", index)).hasSize(1);
  }

  @Test
  void atOrAfterTheFixDoesNotMatch() {
    assertThat(match("guzzlehttp/guzzle", "7.4.5", index)).isEmpty();
    assertThat(match("guzzlehttp/guzzle", "6.5.8", index)).isEmpty();
    assertThat(match("guzzlehttp/guzzle", "7.8.1", index)).isEmpty();
  }

  @Test
  void vendorAndPackageAreComparedInLowerCase() {
    assertThat(match("GuzzleHttp/Guzzle", "7.4.4", index)).hasSize(1);
    assertThat(match("guzzlehttp/psr7", "1.8.0", index)).isEmpty();
  }

  @Test
  void aWithdrawnRecordNeverMatches() {
    AdvisoryIndex w =
        AdvisoryIndex.builder()
            .add(record, "ghsa")
            .add(MatchFixtures.withdrawnCopy(record), "ghsa")
            .build();
    assertThat(match("guzzlehttp/guzzle", "7.4.4", w)).isEmpty();
  }
}
