package dev.tallyman.advisory.match.nuget;

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

/** Newtonsoft.Json GHSA-5crp-9r3c-p9vr (&lt; 13.0.1), see testdata/README.md. */
class NuGetMatcherTest {
  private static OsvRecord record;
  private static AdvisoryIndex index;

  @BeforeAll
  static void load() throws Exception {
    try (var in = NuGetMatcherTest.class.getResourceAsStream("testdata/GHSA-5crp-9r3c-p9vr.json")) {
      record = FeedJson.osvJson(in.readAllBytes());
    }
    index = AdvisoryIndex.builder().add(record, "ghsa").build();
  }

  private static List<Match> match(String name, String version, AdvisoryIndex idx) {
    return MatchEngine.standard()
        .match(Distro.NONE, List.of(InstalledPackage.of("NuGet", name, version)), idx)
        .matches();
  }

  @Test
  void insideTheRangeMatchesWithTheFix() {
    Match m = MatchFixtures.find(match("Newtonsoft.Json", "12.0.3", index), "CVE-2024-21907");
    assertThat(m.fixedVersion()).isEqualTo("13.0.1");
    assertThat(m.ecosystem()).isEqualTo("NuGet");
  }

  @Test
  void atOrAfterTheFixDoesNotMatch() {
    assertThat(match("Newtonsoft.Json", "13.0.1", index)).isEmpty();
    // NuGet: a fourth zero part is the same version
    assertThat(match("Newtonsoft.Json", "13.0.1.0", index)).isEmpty();
    assertThat(match("Newtonsoft.Json", "13.0.3", index)).isEmpty();
  }

  @Test
  void idsAreCaseInsensitive() {
    // deps.json and packages.lock.json keep the author's casing; nuget.org ids are not cased
    for (String id : new String[] {"newtonsoft.json", "NEWTONSOFT.JSON", "NewtonSoft.Json"}) {
      assertThat(match(id, "12.0.3", index)).hasSize(1);
    }
    assertThat(match("Newtonsoft.Json.Bson", "1.0.1", index)).isEmpty();
  }

  @Test
  void aWithdrawnRecordNeverMatches() {
    AdvisoryIndex w =
        AdvisoryIndex.builder()
            .add(record, "ghsa")
            .add(MatchFixtures.withdrawnCopy(record), "ghsa")
            .build();
    assertThat(match("Newtonsoft.Json", "12.0.3", w)).isEmpty();
  }
}
