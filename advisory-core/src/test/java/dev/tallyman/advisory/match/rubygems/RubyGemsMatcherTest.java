package dev.tallyman.advisory.match.rubygems;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.match.MatchFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nokogiri GHSA-crjr-9rc5-ghw8 (&lt; 1.13.4), see testdata/README.md. */
class RubyGemsMatcherTest {
  private static final MatchFixtures.OneRecord FIXTURE =
      MatchFixtures.OneRecord.load(
          RubyGemsMatcherTest.class, "testdata/GHSA-crjr-9rc5-ghw8.json", "RubyGems");

  private static List<Match> match(String name, String version) {
    return FIXTURE.match(name, version);
  }

  @Test
  void insideTheRangeMatchesWithTheFix() {
    Match m = MatchFixtures.find(match("nokogiri", "1.13.3"), "CVE-2022-24836");
    assertThat(m.fixedVersion()).isEqualTo("1.13.4");
    assertThat(m.ecosystem()).isEqualTo("RubyGems");
    // RubyGems orders a pre-release before its release: 1.13.4.rc1 is still affected
    assertThat(match("nokogiri", "1.13.4.rc1")).hasSize(1);
  }

  @Test
  void atOrAfterTheFixDoesNotMatch() {
    assertThat(match("nokogiri", "1.13.4")).isEmpty();
    assertThat(match("nokogiri", "1.16.0")).isEmpty();
  }

  @Test
  void gemNamesAreCaseSensitive() {
    // rubygems.org treats names as written; "Nokogiri" is not the nokogiri gem
    assertThat(match("Nokogiri", "1.13.3")).isEmpty();
  }

  @Test
  void aWithdrawnRecordNeverMatches() {
    assertThat(FIXTURE.matchWithdrawn("nokogiri", "1.13.3")).isEmpty();
  }
}
