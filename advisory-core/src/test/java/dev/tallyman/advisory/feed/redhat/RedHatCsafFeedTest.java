package dev.tallyman.advisory.feed.redhat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedRunner;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.Records;
import dev.tallyman.advisory.feed.StandInServer;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedHatCsafFeedTest {
  private static final String VEX = "claircore-testdata/rhel/vex/testdata/cve-2023-38545.json";
  private static final String RHSA =
      "vunnel-fixtures/tests/unit/providers/rhel/test-fixtures/csaf/advisories/2025/rhsa-2025_23414.json";

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void vexDocumentBecomesSourceRpmEntriesPerProductWithStatuses() throws Exception {
    List<OsvRecord> recs = CsafVex.parse(FeedData.bytes(VEX));
    assertThat(recs).hasSize(1);
    OsvRecord r = recs.get(0);
    assertThat(r.id()).isEqualTo("REDHAT-CVE-2023-38545");
    assertThat(r.upstream()).containsExactly("CVE-2023-38545");
    assertThat(r.related()).anyMatch(x -> x.startsWith("RHSA-"));
    assertThat(r.databaseSpecific().path("severity").asText()).isEqualTo("Important");
    assertThat(r.severity()).extracting(s -> s.type()).contains("CVSS_V3");

    OsvAffected curl9 =
        r.affected().stream()
            .filter(a -> a.pkg().name().equals("curl") && Records.status(a).equals(Records.FIXED))
            .filter(
                a -> a.databaseSpecific().path("product_id").asText().equals("BaseOS-9.3.0.Z.MAIN"))
            .findFirst()
            .orElseThrow();
    assertThat(curl9.pkg().ecosystem()).startsWith("Red Hat:enterprise_linux:9");
    assertThat(curl9.ranges().get(0).events().get(1).fixed()).isEqualTo("7.76.1-26.el9_3.2");
    // binary RPMs are not separate entries: their source RPM carries the fix
    assertThat(r.affected())
        .noneMatch(
            a -> a.pkg().name().equals("libcurl-devel") && Records.status(a).equals(Records.FIXED));
    OsvAffected rhel8 =
        r.affected().stream()
            .filter(
                a ->
                    a.pkg().name().equals("curl")
                        && a.pkg().ecosystem().equals("Red Hat:enterprise_linux:8"))
            .findFirst()
            .orElseThrow();
    assertThat(Records.status(rhel8)).isEqualTo(Records.NOT_AFFECTED);
    assertThat(rhel8.ranges()).isEmpty();
  }

  @Test
  void incrementalByChangesAndDeletionsCsv() throws Exception {
    try (StandInServer s = new StandInServer()) {
      s.route("changes.csv", text("\"2023/cve-2023-38545.json\",\"2025-11-21T14:31:32+00:00\"\n"));
      s.route("deletions.csv", text(""));
      s.route("2023/cve-2023-38545.json", FeedData.bytes(VEX));
      s.route("2025/rhsa-2025_23414.json", FeedData.bytes(RHSA));
      s.route("2024/cve-2024-0001.json", text("{\"document\": {"));
      RedHatCsafFeed feed = new RedHatCsafFeed(Fetcher.of(s.url(), Map.of()), 10_000);
      FeedRunner runner = new FeedRunner(feed, Clock.systemUTC(), null);
      assertThat(runner.sync()).isTrue();
      assertThat(runner.records())
          .extracting(OsvRecord::id)
          .containsExactly("REDHAT-CVE-2023-38545");
      assertThat(runner.cursor()).isEqualTo("2025-11-21T14:31:32Z");

      s.route(
          "changes.csv",
          text(
              "\"2025/rhsa-2025_23414.json\",\"2025-12-01T00:00:00+00:00\"\n"
                  + "\"2024/cve-2024-0001.json\",\"2025-12-01T00:00:01+00:00\"\n"
                  + "\"2023/cve-2023-38545.json\",\"2025-11-21T14:31:32+00:00\"\n"));
      s.route(
          "deletions.csv", text("\"2023/cve-2023-38545.json\",\"2025-12-02T00:00:00+00:00\"\n"));
      s.clearRequests();
      assertThat(runner.sync()).isTrue();
      assertThat(s.requests())
          .extracting(StandInServer.Request::path)
          .doesNotContain("2023/cve-2023-38545.json");
      assertThat(runner.records())
          .extracting(OsvRecord::id)
          .contains("REDHAT-CVE-2021-25220", "REDHAT-CVE-2025-40778")
          .doesNotContain("REDHAT-CVE-2023-38545");
      assertThat(runner.status().rejectedCount()).isEqualTo(1);
      assertThat(runner.status().recentRejects().get(0).id()).isEqualTo("2024/cve-2024-0001.json");
      assertThat(runner.cursor()).isEqualTo("2025-12-02T00:00:00Z");
      assertThat(feed.update(runner.cursor()).kind()).isEqualTo(FeedUpdate.Kind.UNCHANGED);
    }
  }
}
