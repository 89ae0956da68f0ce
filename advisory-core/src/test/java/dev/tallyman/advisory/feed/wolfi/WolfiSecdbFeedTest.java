package dev.tallyman.advisory.feed.wolfi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.Records;
import dev.tallyman.advisory.feed.StandInServer;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WolfiSecdbFeedTest {
  private static final String P = "vunnel-fixtures/tests/unit/providers/";

  private static OsvAffected only(FeedUpdate u, String id) {
    OsvRecord r = u.records().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    return r.affected().get(0);
  }

  @Test
  void wolfiAndChainguardSecdbOverHttp() throws Exception {
    try (StandInServer wolfi = new StandInServer();
        StandInServer cg = new StandInServer()) {
      wolfi.route(
          "security.json", FeedData.bytes(P + "wolfi/test-fixtures/input/secdb/security.json"));
      cg.route(
          "security.json",
          FeedData.bytes(P + "chainguard/test-fixtures/input/secdb/security.json"));
      FeedUpdate w = WolfiSecdbFeed.wolfi(Fetcher.of(wolfi.url(), Map.of())).update(null);
      OsvAffected binutils = only(w, "WOLFI-CVE-2022-38126");
      assertThat(binutils.pkg().ecosystem()).isEqualTo("Wolfi");
      assertThat(binutils.pkg().name()).isEqualTo("binutils");
      assertThat(binutils.ranges().get(0).events().get(1).fixed()).isEqualTo("2.39-r1");
      // "0" = never affected: kept, never matches
      OsvAffected coreutils = only(w, "WOLFI-CVE-2016-2781");
      assertThat(Records.status(coreutils)).isEqualTo(Records.NOT_AFFECTED);
      assertThat(coreutils.ranges()).isEmpty();
      assertThat(w.errors().count()).isZero();

      FeedUpdate c = WolfiSecdbFeed.chainguard(Fetcher.of(cg.url(), Map.of())).update(null);
      OsvAffected grafana = only(c, "CHAINGUARD-CVE-2022-31130");
      assertThat(grafana.pkg().ecosystem()).isEqualTo("Chainguard");
      assertThat(grafana.ranges().get(0).events().get(1).fixed()).isEqualTo("7.5.19-r0");
    }
  }
}
