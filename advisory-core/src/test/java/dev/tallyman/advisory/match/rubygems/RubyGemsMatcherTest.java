package dev.tallyman.advisory.match.rubygems;

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

/** nokogiri GHSA-crjr-9rc5-ghw8 (&lt; 1.13.4), see testdata/README.md. */
class RubyGemsMatcherTest {
  private static OsvRecord record;
  private static AdvisoryIndex index;

  @BeforeAll
  static void load() throws Exception {
    try (var in =
        RubyGemsMatcherTest.class.getResourceAsStream("testdata/GHSA-crjr-9rc5-ghw8.json")) {
      record = FeedJson.osvJson(in.readAllBytes());
    }
    index = AdvisoryIndex.builder().add(record, "ghsa").build();
  }

  private static List<Match> match(String name, String version, AdvisoryIndex idx) {
    return MatchEngine.standard()
        .match(Distro.NONE, List.of(InstalledPackage.of("RubyGems", name, version)), idx)
        .matches();
  }

  @Test
  void insideTheRangeMatchesWithTheFix() {
    Match m = MatchFixtures.find(match("nokogiri", "1.13.3", index), "CVE-2022-24836");
    assertThat(m.fixedVersion()).isEqualTo("1.13.4");
    assertThat(m.ecosystem()).isEqualTo("RubyGems");
    // RubyGems orders a pre-release before its release: 1.13.4.rc1 is still affected
    assertThat(match("nokogiri", "1.13.4.rc1", index)).hasSize(1);
  }

  @Test
  void atOrAfterTheFixDoesNotMatch() {
    assertThat(match("nokogiri", "1.13.4", index)).isEmpty();
    assertThat(match("nokogiri", "1.16.0", index)).isEmpty();
  }

  @Test
  void gemNamesAreCaseSensitive() {
    // rubygems.org treats names as written; "Nokogiri" is not the nokogiri gem
    assertThat(match("Nokogiri", "1.13.3", index)).isEmpty();
  }

  @Test
  void aWithdrawnRecordNeverMatches() {
    AdvisoryIndex w =
        AdvisoryIndex.builder()
            .add(record, "ghsa")
            .add(MatchFixtures.withdrawnCopy(record), "ghsa")
            .build();
    assertThat(match("nokogiri", "1.13.3", w)).isEmpty();
  }
}
