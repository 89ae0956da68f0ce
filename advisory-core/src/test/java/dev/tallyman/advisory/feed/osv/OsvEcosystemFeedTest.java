package dev.tallyman.advisory.feed.osv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedRunner;
import dev.tallyman.advisory.feed.FeedStatus;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.feed.StandInServer;
import dev.tallyman.advisory.osv.OsvRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

class OsvEcosystemFeedTest {
  private static final String GO_ZIP = "osv-bulk/Go/all.zip";

  private static int zipEntries(String rel) throws Exception {
    try (ZipFile z = new ZipFile(FeedData.file(rel).toFile())) {
      return (int) z.stream().filter(e -> !e.isDirectory()).count();
    }
  }

  private static byte[] entry(String zip, String name) throws Exception {
    try (ZipFile z = new ZipFile(FeedData.file(zip).toFile())) {
      return z.getInputStream(z.getEntry(name)).readAllBytes();
    }
  }

  @Test
  void fullImportOfTheRealGoArchiveOverHttp() throws Exception {
    try (StandInServer s = new StandInServer()) {
      s.route("Go/all.zip", FeedData.bytes(GO_ZIP));
      OsvEcosystemFeed feed = new OsvEcosystemFeed("Go", Fetcher.of(s.url(), Map.of()));
      FeedUpdate u = feed.update(null);
      assertThat(u.kind()).isEqualTo(FeedUpdate.Kind.FULL);
      assertThat(u.errors().count()).isZero();
      assertThat(u.records()).hasSize(zipEntries(GO_ZIP)).hasSize(4291);
      OsvRecord rapidReset =
          u.records().stream().filter(r -> r.id().equals("GO-2023-2102")).findFirst().orElseThrow();
      assertThat(rapidReset.aliases()).contains("CVE-2023-39325");
      assertThat(Instant.parse(u.cursor()))
          .isEqualTo(
              u.records().stream()
                  .map(r -> r.modifiedAt().orElseThrow())
                  .max(Instant::compareTo)
                  .orElseThrow());
    }
  }

  @Test
  void incrementalFetchesOnlyRecordsNewerThanTheCursorAndCountsABadOne() throws Exception {
    byte[] good = entry(GO_ZIP, "GO-2022-0969.json");
    byte[] other = entry(GO_ZIP, "GO-2024-2442.json");
    String csv =
        String.join(
            "\n",
            "2030-01-03T00:00:00Z,GO-2022-0969",
            "2030-01-02T00:00:00Z,GO-BROKEN-1",
            "2030-01-01T00:00:00Z,GO-2024-2442",
            "2020-01-01T00:00:00Z,GO-2020-0001",
            "not a line",
            "2030-01-01T00:00:00Z,../../etc/passwd");
    try (StandInServer s = new StandInServer()) {
      s.route("Go/modified_id.csv", csv.getBytes(StandardCharsets.UTF_8));
      s.route("Go/GO-2022-0969.json", good);
      s.route("Go/GO-2024-2442.json", other);
      s.route("Go/GO-BROKEN-1.json", Arrays.copyOf(good, good.length / 2));
      OsvEcosystemFeed feed = new OsvEcosystemFeed("Go", Fetcher.of(s.url(), Map.of()));
      FeedUpdate u = feed.update("2025-01-01T00:00:00Z");
      assertThat(u.kind()).isEqualTo(FeedUpdate.Kind.INCREMENTAL);
      assertThat(u.records())
          .extracting(OsvRecord::id)
          .containsExactly("GO-2022-0969", "GO-2024-2442");
      assertThat(u.errors().sample())
          .extracting(e -> e.id())
          .contains("GO-BROKEN-1", "modified_id.csv");
      assertThat(u.errors().count()).isEqualTo(3); // the broken record and two unreadable lines
      assertThat(u.cursor()).isEqualTo("2030-01-03T00:00:00Z");
      assertThat(s.requests())
          .extracting(StandInServer.Request::path)
          .doesNotContain("Go/GO-2020-0001.json", "Go/all.zip");
      assertThat(feed.update("2030-01-03T00:00:00Z").kind()).isEqualTo(FeedUpdate.Kind.UNCHANGED);
    }
  }

  @Test
  void truncatedDownloadOr5xxKeepsTheLastGoodData() throws Exception {
    try (StandInServer s = new StandInServer()) {
      s.route("Go/all.zip", FeedData.bytes(GO_ZIP));
      FeedRunner runner = new FeedRunner(new OsvEcosystemFeed("Go", Fetcher.of(s.url(), Map.of())));
      assertThat(runner.sync()).isTrue();
      int good = runner.records().size();
      assertThat(good).isEqualTo(4291);
      String cursor = runner.cursor();

      // A cursor-less runner (fresh start) sees the truncated archive and loads nothing from it.
      s.truncate(true);
      FeedRunner fresh = new FeedRunner(new OsvEcosystemFeed("Go", Fetcher.of(s.url(), Map.of())));
      assertThat(fresh.sync()).isFalse();
      assertThat(fresh.records()).isEmpty();
      assertThat(fresh.status().lastError()).containsIgnoringCase("download");
      assertThat(fresh.status().stale(Duration.ofHours(1), Instant.now())).isTrue();

      s.truncate(false);
      s.failWith(503);
      assertThat(runner.sync()).isFalse();
      FeedStatus st = runner.status();
      assertThat(runner.records()).hasSize(good);
      assertThat(runner.cursor()).isEqualTo(cursor);
      assertThat(st.lastError()).contains("HTTP 503");
      assertThat(st.lastSuccess()).isNotNull().isBefore(st.lastAttempt().plusNanos(1));
      assertThat(st.stale(Duration.ofHours(1), Instant.now())).isFalse();
    }
  }

  @Test
  void osvAsYamlFromTheRealPypaArchiveInAMirror() throws Exception {
    OsvArchiveFeed feed =
        new OsvArchiveFeed(
            "pypa",
            new MirrorFetcher(FeedData.advisories()),
            "osv-bulk/PyPI-pypa-yaml/vulns.zip",
            p -> p.startsWith("vulns/"));
    FeedUpdate u = feed.update(null);
    int yamlEntries;
    try (ZipFile z = new ZipFile(FeedData.file("osv-bulk/PyPI-pypa-yaml/vulns.zip").toFile())) {
      yamlEntries = (int) z.stream().filter(e -> e.getName().endsWith(".yaml")).count();
    }
    assertThat(u.records().size() + u.errors().count()).isEqualTo(yamlEntries);
    assertThat(u.records().size()).isGreaterThan(yamlEntries - 5);
    List<String> ids = new ArrayList<>();
    u.records().forEach(r -> ids.add(r.id()));
    assertThat(ids).contains("PYSEC-2023-74", "PYSEC-2022-213");
    OsvRecord requests =
        u.records().stream().filter(r -> r.id().equals("PYSEC-2023-74")).findFirst().orElseThrow();
    assertThat(requests.affected().get(0).pkg().ecosystem()).isEqualTo("PyPI");
  }
}
