package dev.tallyman.advisory.feed.ghsa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.File;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GhsaFeedTest {

  @Test
  void readsTheRealGhsaRecordsFromAMirrorWithWithdrawnKeptAsWithdrawn() throws Exception {
    var feed = GhsaFeed.create(new MirrorFetcher(FeedData.advisories()), "osv/ghsa", false);
    FeedUpdate u = feed.update(null);
    int files =
        new File(FeedData.file("osv/ghsa").toString()).list((d, n) -> n.startsWith("GHSA-")).length;
    assertThat(u.records()).hasSize(files);
    assertThat(u.errors().count()).isZero();
    OsvRecord text4shell =
        u.records().stream()
            .filter(r -> r.id().equals("GHSA-599f-7c49-w659"))
            .findFirst()
            .orElseThrow();
    assertThat(text4shell.aliases()).contains("CVE-2022-42889");
    assertThat(text4shell.affected().get(0).pkg().ecosystem()).isEqualTo("Maven");
    assertThat(u.records().stream().filter(OsvRecord::isWithdrawn))
        .extracting(OsvRecord::id)
        .contains("GHSA-76cc-p55w-63g3");
  }

  @Test
  void withACursorOnlyNewerRecordsAreReturned() throws Exception {
    var feed = GhsaFeed.create(new MirrorFetcher(FeedData.advisories()), "osv/ghsa", false);
    FeedUpdate full = feed.update(null);
    Instant newest = Instant.parse(full.cursor());
    Instant older = newest.minusSeconds(1);
    FeedUpdate inc = feed.update(older.toString());
    assertThat(inc.kind()).isEqualTo(FeedUpdate.Kind.INCREMENTAL);
    assertThat(inc.records())
        .isNotEmpty()
        .allMatch(r -> r.modifiedAt().orElseThrow().isAfter(older));
    assertThat(inc.records().size()).isLessThan(full.records().size());
    assertThat(feed.update(full.cursor()).kind()).isEqualTo(FeedUpdate.Kind.UNCHANGED);
  }
}
