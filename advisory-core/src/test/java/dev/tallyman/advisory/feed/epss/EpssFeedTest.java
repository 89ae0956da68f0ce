package dev.tallyman.advisory.feed.epss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.StandInServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EpssFeedTest {
  private static final String CSV = "claircore-testdata/enricher/epss/testdata/data.csv";

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void realScoresFromCsvGzAndATruncatedGzipFails() throws Exception {
    byte[] csv = FeedData.bytes(CSV);
    long lines =
        Files.readAllLines(FeedData.file(CSV), StandardCharsets.UTF_8).stream()
            .filter(l -> l.startsWith("CVE-"))
            .count();
    byte[] gz = gzip(csv);
    try (StandInServer s = new StandInServer()) {
      s.route("epss_scores-current.csv.gz", gz);
      EpssFeed feed = new EpssFeed(Fetcher.of(s.url(), Map.of()), "epss_scores-current.csv.gz");
      FeedUpdate u = feed.update(null);
      assertThat(u.enrichments()).hasSize((int) lines);
      Enrichment.Epss first = (Enrichment.Epss) u.enrichments().get(0);
      assertThat(first.vulnerabilityId()).isEqualTo("CVE-1999-0005");
      assertThat(first.score()).isEqualTo(0.91963);
      assertThat(first.percentile()).isEqualTo(0.99030);
      assertThat(first.scoreDate()).isEqualTo(LocalDate.of(2024, 10, 25));
      assertThat(u.cursor()).isEqualTo("2024-10-25");
      assertThat(feed.update("2024-10-25").kind()).isEqualTo(FeedUpdate.Kind.UNCHANGED);

      // a mirror holding a cut gzip (served in full, so only the gzip check can notice)
      s.route("epss_scores-current.csv.gz", Arrays.copyOf(gz, gz.length - 12));
      assertThatThrownBy(() -> feed.update(null)).hasMessageContaining("corrupt gzip");
      // and a truncated transfer
      s.route("epss_scores-current.csv.gz", gz);
      s.truncate(true);
      assertThatThrownBy(() -> feed.update(null)).hasMessageContaining("download");
    }
    EpssFeed vunnel =
        new EpssFeed(
            new dev.tallyman.advisory.feed.MirrorFetcher(FeedData.advisories()),
            "vunnel-fixtures/tests/unit/providers/epss/test-fixtures/example-1.csv");
    assertThat(vunnel.update(null).cursor()).isEqualTo("2025-02-20");
  }
}
