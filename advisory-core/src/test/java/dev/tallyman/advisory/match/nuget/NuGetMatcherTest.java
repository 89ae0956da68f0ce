package dev.tallyman.advisory.match.nuget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.match.MatchFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Newtonsoft.Json GHSA-5crp-9r3c-p9vr (&lt; 13.0.1), see testdata/README.md. */
class NuGetMatcherTest {
  private static final MatchFixtures.OneRecord FIXTURE =
      MatchFixtures.OneRecord.load(
          NuGetMatcherTest.class, "testdata/GHSA-5crp-9r3c-p9vr.json", "NuGet");

  private static List<Match> match(String name, String version) {
    return FIXTURE.match(name, version);
  }

  @Test
  void insideTheRangeMatchesWithTheFix() {
    Match m = MatchFixtures.find(match("Newtonsoft.Json", "12.0.3"), "CVE-2024-21907");
    assertThat(m.fixedVersion()).isEqualTo("13.0.1");
    assertThat(m.ecosystem()).isEqualTo("NuGet");
  }

  @Test
  void atOrAfterTheFixDoesNotMatch() {
    assertThat(match("Newtonsoft.Json", "13.0.1")).isEmpty();
    // NuGet: a fourth zero part is the same version
    assertThat(match("Newtonsoft.Json", "13.0.1.0")).isEmpty();
    assertThat(match("Newtonsoft.Json", "13.0.3")).isEmpty();
  }

  @Test
  void idsAreCaseInsensitive() {
    // deps.json and packages.lock.json keep the author's casing; nuget.org ids are not cased
    for (String id : new String[] {"newtonsoft.json", "NEWTONSOFT.JSON", "NewtonSoft.Json"}) {
      assertThat(match(id, "12.0.3")).hasSize(1);
    }
    assertThat(match("Newtonsoft.Json.Bson", "1.0.1")).isEmpty();
  }

  @Test
  void aWithdrawnRecordNeverMatches() {
    assertThat(FIXTURE.matchWithdrawn("Newtonsoft.Json", "12.0.3")).isEmpty();
  }
}
