package dev.tallyman.advisory.feed.nvd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.feed.StandInServer;
import dev.tallyman.advisory.osv.OsvRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NvdFeedTest {
  private static final String PAGE =
      "vunnel-fixtures/tests/unit/providers/nvd/test-fixtures/full-page.json";

  /** The API stand-in: slices the real page by startIndex/resultsPerPage like the real API. */
  private static byte[] page(JsonNode full, Map<String, String> q) {
    int start = Integer.parseInt(q.getOrDefault("startIndex", "0"));
    int per = Integer.parseInt(q.getOrDefault("resultsPerPage", "2000"));
    ArrayNode all = (ArrayNode) full.get("vulnerabilities");
    ObjectNode out = full.deepCopy();
    ArrayNode slice = out.putArray("vulnerabilities");
    for (int i = start; i < Math.min(all.size(), start + per); i++) {
      slice.add(all.get(i));
    }
    out.put("startIndex", start);
    out.put("resultsPerPage", slice.size());
    out.put("totalResults", all.size());
    try {
      return FeedJson.JSON.writeValueAsBytes(out);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static TokenBucket unlimited() {
    return new TokenBucket(1000, Duration.ofSeconds(1), System::nanoTime, n -> {});
  }

  @Test
  void pagesWithApiKeyAndWindowsOfAtMost120Days() throws Exception {
    JsonNode full = FeedJson.JSON.readTree(FeedData.bytes(PAGE));
    Instant now = Instant.parse("2025-06-01T00:00:00Z");
    try (StandInServer s = new StandInServer()) {
      s.route("rest/json/cves/2.0", q -> page(full, q));
      Fetcher f = Fetcher.of(s.url(), Map.of("apiKey", "test-key"));
      NvdFeed feed =
          new NvdFeed(f, "rest/json/cves/2.0", 10, unlimited(), Clock.fixed(now, ZoneOffset.UTC));
      FeedUpdate u = feed.update(null);
      assertThat(u.records()).hasSize(full.get("vulnerabilities").size()).hasSize(38);
      assertThat(s.requests()).hasSize(4).allMatch(r -> "test-key".equals(r.apiKey()));
      assertThat(s.requests())
          .extracting(r -> r.query().get("startIndex"))
          .containsExactly("0", "10", "20", "30");

      s.clearRequests();
      FeedUpdate inc = feed.update(now.minus(Duration.ofDays(200)).toString());
      assertThat(inc.kind()).isEqualTo(FeedUpdate.Kind.INCREMENTAL);
      List<Instant[]> windows = new ArrayList<>();
      s.requests().stream()
          .filter(r -> r.query().get("startIndex").equals("0"))
          .forEach(
              r ->
                  windows.add(
                      new Instant[] {
                        Instant.parse(r.query().get("lastModStartDate")),
                        Instant.parse(r.query().get("lastModEndDate"))
                      }));
      assertThat(windows).hasSize(2);
      assertThat(windows)
          .allMatch(w -> Duration.between(w[0], w[1]).compareTo(NvdFeed.MAX_WINDOW) <= 0);
      assertThat(windows.get(0)[1]).isEqualTo(windows.get(1)[0]);
      assertThat(windows.get(1)[1]).isEqualTo(now);
      assertThat(inc.cursor()).isEqualTo(now.toString());

      OsvRecord first = u.records().get(0);
      assertThat(first.severity()).extracting(x -> x.type()).contains("CVSS_V3");
      assertThat(first.details()).isNotBlank();
    }
  }

  @Test
  void enrichmentFromRealRecordsPrimaryCvssV31V40AndCwe() throws Exception {
    NvdFeed mirror =
        new NvdFeed(
            new MirrorFetcher(FeedData.advisories()),
            "nvd/fkie-nvd-json-data-feeds",
            2000,
            unlimited(),
            Clock.systemUTC());
    FeedUpdate u = mirror.update(null);
    OsvRecord snake =
        u.records().stream().filter(r -> r.id().equals("CVE-2022-1471")).findFirst().orElseThrow();
    // NVD's Primary 9.8 wins over the CNA's Secondary 8.3
    assertThat(snake.databaseSpecific().path("cvss_v3_score").asDouble()).isEqualTo(9.8);
    assertThat(snake.databaseSpecific().path("cvss_v3_source").asText()).isEqualTo("nvd@nist.gov");
    assertThat(snake.databaseSpecific().path("cwe_ids").toString()).contains("CWE-502");
    assertThat(snake.details()).contains("SnakeYaml");

    NvdFeed v4 =
        new NvdFeed(
            new MirrorFetcher(FeedData.advisories()),
            "osvdev-testdata/vulnfeeds/conversion/nvd/testdata",
            2000,
            unlimited(),
            Clock.systemUTC());
    OsvRecord protobuf =
        v4.update(null).records().stream()
            .filter(r -> r.id().equals("CVE-2025-4565"))
            .findFirst()
            .orElseThrow();
    assertThat(protobuf.severity()).extracting(x -> x.type()).contains("CVSS_V4");
    assertThat(protobuf.databaseSpecific().path("cvss_v4_score").asDouble()).isEqualTo(8.2);
  }

  @Test
  void tokenBucketAllowsABurstThenOneRequestPerRefill() throws Exception {
    AtomicLong clock = new AtomicLong();
    List<Long> waits = new ArrayList<>();
    TokenBucket b =
        new TokenBucket(
            5,
            Duration.ofSeconds(30),
            clock::get,
            n -> {
              waits.add(n);
              clock.addAndGet(n);
            });
    for (int i = 0; i < 7; i++) {
      b.acquire();
    }
    assertThat(waits).hasSize(2);
    // 5 per 30 s: the sixth and seventh request each wait ~6 s
    assertThat(clock.get())
        .isBetween(Duration.ofMillis(11_999).toNanos(), Duration.ofMillis(12_001).toNanos());
  }
}
