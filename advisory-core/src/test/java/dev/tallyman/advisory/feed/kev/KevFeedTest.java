package dev.tallyman.advisory.feed.kev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedRunner;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.StandInServer;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KevFeedTest {

  @Test
  void fullRealCatalogAndOutageKeepsIt() throws Exception {
    try (StandInServer s = new StandInServer()) {
      s.route(
          "feeds/known_exploited_vulnerabilities.json",
          FeedData.bytes("kev/known_exploited_vulnerabilities.json"));
      KevFeed feed =
          new KevFeed(Fetcher.of(s.url(), Map.of()), "feeds/known_exploited_vulnerabilities.json");
      FeedUpdate u = feed.update(null);
      assertThat(u.enrichments()).hasSize(1404);
      assertThat(u.errors().count()).isZero();
      Enrichment.Kev git =
          (Enrichment.Kev)
              u.enrichments().stream()
                  .filter(e -> e.vulnerabilityId().equals("CVE-2025-48384"))
                  .findFirst()
                  .orElseThrow();
      assertThat(git.dateAdded()).isEqualTo(LocalDate.of(2025, 8, 25));
      assertThat(git.vendorProject()).isEqualTo("Git");
      assertThat(u.cursor()).isEqualTo("2025.08.25/1404");
      assertThat(feed.update(u.cursor()).kind()).isEqualTo(FeedUpdate.Kind.UNCHANGED);

      FeedRunner runner = new FeedRunner(feed);
      assertThat(runner.sync()).isTrue();
      s.failWith(502);
      assertThat(runner.sync()).isFalse();
      assertThat(runner.enrichments()).hasSize(1404);
      assertThat(runner.status().lastError()).contains("502");
    }
  }
}
