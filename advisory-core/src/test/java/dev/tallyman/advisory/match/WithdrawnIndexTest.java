package dev.tallyman.advisory.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.osv.OsvRecord;
import org.junit.jupiter.api.Test;

class WithdrawnIndexTest {

  private static OsvRecord unwithdrawn(OsvRecord w, String modified) {
    return new OsvRecord(
        w.schemaVersion(),
        w.id(),
        modified,
        w.published(),
        null,
        w.aliases(),
        w.related(),
        w.upstream(),
        w.summary(),
        w.details(),
        w.severity(),
        w.affected(),
        w.references(),
        w.databaseSpecific());
  }

  @Test
  void aNewerWithdrawnVersionRemovesAnOlderLiveCopyWhateverTheOrder() throws Exception {
    OsvRecord withdrawn =
        FeedJson.osvJson(FeedData.bytes("osv/ghsa/GHSA-76cc-p55w-63g3.withdrawn.json"));
    OsvRecord olderLive = unwithdrawn(withdrawn, "2023-12-01T00:00:00Z");
    String name = withdrawn.affected().get(0).pkg().name();
    String family = withdrawn.affected().get(0).pkg().ecosystem();

    AdvisoryIndex liveFirst =
        AdvisoryIndex.builder().add(olderLive, "a").add(withdrawn, "b").build();
    AdvisoryIndex withdrawnFirst =
        AdvisoryIndex.builder().add(withdrawn, "b").add(olderLive, "a").build();
    for (AdvisoryIndex idx : new AdvisoryIndex[] {liveFirst, withdrawnFirst}) {
      assertThat(idx.lookup(family, name)).isEmpty();
      assertThat(idx.withdrawnCount()).isEqualTo(1);
      assertThat(idx.advisoryCount()).isZero();
    }
    // control: the live copy alone is indexed
    assertThat(AdvisoryIndex.builder().add(olderLive, "a").build().lookup(family, name))
        .isNotEmpty();
  }
}
