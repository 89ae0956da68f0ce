package dev.tallyman.advisory.feed.wolfi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.feed.Records;
import dev.tallyman.advisory.feed.StandInServer;
import dev.tallyman.advisory.feed.merge.MergedVulnerability;
import dev.tallyman.advisory.feed.merge.VulnerabilityCatalog;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WolfiAdvisoriesFeedTest {

  private static OsvRecord byId(FeedUpdate u, String id) {
    return u.records().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void cgaAdvisoriesFromTheRealArchiveOverHttpWithStatusFromTheLatestEvent() throws Exception {
    try (StandInServer s = new StandInServer()) {
      s.route("advisories.zip", FeedData.bytes("wolfi/wolfi-advisories-all.zip"));
      FeedUpdate u =
          new WolfiAdvisoriesFeed("Wolfi", Fetcher.of(s.url(), Map.of()), "advisories.zip")
              .update(null);
      assertThat(u.records().size() + u.errors().count()).isGreaterThan(30_000);
      assertThat(u.errors().count()).isLessThan(u.records().size() / 100);

      OsvRecord zlib = byId(u, "CGA-phgv-wf69-p9vc");
      assertThat(zlib.aliases()).containsExactly("CVE-2018-25032", "GHSA-jc36-42cf-vqwj");
      OsvAffected a = zlib.affected().get(0);
      assertThat(a.pkg().ecosystem()).isEqualTo("Wolfi");
      assertThat(a.pkg().name()).isEqualTo("zlib");
      assertThat(Records.status(a)).isEqualTo(Records.FIXED);
      assertThat(a.ranges().get(0).events().get(1).fixed()).isEqualTo("1.2.13-r1");

      long notAffected =
          u.records().stream()
              .filter(r -> Records.status(r.affected().get(0)).equals(Records.NOT_AFFECTED))
              .count();
      long noFix =
          u.records().stream()
              .filter(r -> Records.status(r.affected().get(0)).equals(Records.NO_FIX_YET))
              .count();
      assertThat(notAffected).isPositive();
      assertThat(noFix).isPositive();
      assertThat(
              u.records().stream()
                  .filter(r -> Records.status(r.affected().get(0)).equals(Records.NOT_AFFECTED)))
          .allMatch(r -> r.affected().get(0).ranges().isEmpty());

      VulnerabilityCatalog cat =
          VulnerabilityCatalog.build(
              u.records().stream().map(r -> new MergedVulnerability.Sourced(u.feed(), r)).toList(),
              List.of());
      assertThat(cat.get("GHSA-jc36-42cf-vqwj").orElseThrow().ids())
          .contains("CGA-phgv-wf69-p9vc", "CVE-2018-25032");
    }
  }

  @Test
  void mirrorCheckoutAndIncrementalByEventTime() throws Exception {
    var feed =
        new WolfiAdvisoriesFeed(
            "Wolfi", new MirrorFetcher(FeedData.advisories()), "wolfi/selected");
    FeedUpdate full = feed.update(null);
    assertThat(full.records()).extracting(OsvRecord::id).contains("CGA-phgv-wf69-p9vc");
    assertThat(feed.update(full.cursor()).kind()).isEqualTo(FeedUpdate.Kind.UNCHANGED);
    java.time.Instant older = java.time.Instant.parse(full.cursor()).minusSeconds(86_400 * 30L);
    FeedUpdate inc = feed.update(older.toString());
    assertThat(inc.records())
        .isNotEmpty()
        .allMatch(r -> r.modifiedAt().orElseThrow().isAfter(older));
    assertThat(inc.records().size()).isLessThan(full.records().size());
  }
}
