package dev.tallyman.advisory.match.packagist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.match.MatchFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** guzzlehttp/guzzle GHSA-w248-ffj2-4v5q (&lt; 6.5.8, 7.0.0–7.4.5), see testdata/README.md. */
class PackagistMatcherTest {
  private static final MatchFixtures.OneRecord FIXTURE =
      MatchFixtures.OneRecord.load(
          PackagistMatcherTest.class, "testdata/GHSA-w248-ffj2-4v5q.json", "Packagist");

  private static List<Match> match(String name, String version) {
    return FIXTURE.match(name, version);
  }

  @Test
  void eachRangeNamesItsOwnFix() {
    Match seven = MatchFixtures.find(match("guzzlehttp/guzzle", "7.4.4"), "CVE-2022-31090");
    assertThat(seven.fixedVersion()).isEqualTo("7.4.5");
    Match six = MatchFixtures.find(match("guzzlehttp/guzzle", "6.5.7"), "CVE-2022-31090");
    assertThat(six.fixedVersion()).isEqualTo("6.5.8");
    // Composer accepts a leading v
    assertThat(match("guzzlehttp/guzzle", "v7.4.4")).hasSize(1);
  }

  @Test
  void atOrAfterTheFixDoesNotMatch() {
    assertThat(match("guzzlehttp/guzzle", "7.4.5")).isEmpty();
    assertThat(match("guzzlehttp/guzzle", "6.5.8")).isEmpty();
    assertThat(match("guzzlehttp/guzzle", "7.8.1")).isEmpty();
  }

  @Test
  void vendorAndPackageAreComparedInLowerCase() {
    assertThat(match("GuzzleHttp/Guzzle", "7.4.4")).hasSize(1);
    assertThat(match("guzzlehttp/psr7", "1.8.0")).isEmpty();
  }

  @Test
  void aWithdrawnRecordNeverMatches() {
    assertThat(FIXTURE.matchWithdrawn("guzzlehttp/guzzle", "7.4.4")).isEmpty();
  }
}
