package dev.tallyman.advisory.feed.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.feed.debian.DebianTrackerFeed;
import dev.tallyman.advisory.feed.ghsa.GhsaFeed;
import dev.tallyman.advisory.feed.kev.KevFeed;
import dev.tallyman.advisory.feed.nvd.NvdFeed;
import dev.tallyman.advisory.feed.nvd.TokenBucket;
import dev.tallyman.advisory.feed.osv.OsvArchiveFeed;
import dev.tallyman.advisory.severity.Severity;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AliasMergeTest {
  private static VulnerabilityCatalog catalog;

  private static void add(List<MergedVulnerability.Sourced> out, FeedUpdate u) {
    u.records().forEach(r -> out.add(new MergedVulnerability.Sourced(u.feed(), r)));
  }

  @BeforeAll
  static void load() throws Exception {
    MirrorFetcher root = new MirrorFetcher(FeedData.advisories());
    List<MergedVulnerability.Sourced> recs = new ArrayList<>();
    add(recs, GhsaFeed.create(root, "osv/ghsa", false).update(null));
    add(
        recs,
        new NvdFeed(
                root,
                "nvd/fkie-nvd-json-data-feeds",
                2000,
                new TokenBucket(100, Duration.ofSeconds(1), System::nanoTime, n -> {}),
                Clock.systemUTC())
            .update(null));
    add(
        recs,
        new OsvArchiveFeed(
                "chainguard-osv",
                root,
                "vunnel-fixtures/tests/unit/providers/chainguard/test-fixtures/input/osv",
                p -> p.contains("CGA-"))
            .update(null));
    add(
        recs,
        new OsvArchiveFeed("osv-distro", root, "osvdev-testdata/gcp", p -> true).update(null));
    add(
        recs,
        new DebianTrackerFeed(
                root, "vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json")
            .update(null));
    List<Enrichment> enrich =
        new KevFeed(root, "kev/known_exploited_vulnerabilities.json").update(null).enrichments();
    catalog = VulnerabilityCatalog.build(recs, enrich);
  }

  @Test
  void ghsaAndNvdRecordsOfOneCveAreOneVulnerabilityRatedByNvdCvss() {
    MergedVulnerability v = catalog.get("GHSA-mjmj-j48q-9wg2").orElseThrow();
    assertThat(v.id()).isEqualTo("CVE-2022-1471");
    assertThat(v.ids()).contains("CVE-2022-1471", "GHSA-mjmj-j48q-9wg2");
    assertThat(v.records()).extracting(MergedVulnerability.Sourced::feed).contains("ghsa", "nvd");
    MergedVulnerability.Rating r = v.severityFor("Maven");
    assertThat(r.origin()).isEqualTo("cvss:nvd");
    assertThat(r.cvssScore()).isEqualTo(9.8);
    assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void chainguardIdsJoinTheirCveAndGhsa() {
    MergedVulnerability v = catalog.get("CGA-xcpc-gm23-prj9").orElseThrow();
    assertThat(v.id()).isEqualTo("CVE-2025-68121");
    assertThat(v.ids()).contains("CGA-xcpc-gm23-prj9", "CVE-2025-68121", "GHSA-qgxr-kfqx-v5q9");
    assertThat(catalog.get("GHSA-qgxr-kfqx-v5q9").orElseThrow().id()).isEqualTo("CVE-2025-68121");
  }

  @Test
  void multiCveNoticesAreListedUnderEachCveWithoutGluingCvesTogether() {
    MergedVulnerability a = catalog.get("CVE-2023-2002").orElseThrow();
    MergedVulnerability b = catalog.get("CVE-2022-4269").orElseThrow();
    assertThat(a.ids()).contains("USN-6332-1", "DLA-3623-1").doesNotContain("CVE-2022-4269");
    assertThat(b.ids()).contains("USN-6332-1", "DLA-3623-1").doesNotContain("CVE-2023-2002");
    // CVE-2023-2002 has no record of its own: the notices that fix it are its records
    assertThat(a.records())
        .extracting(r -> r.record().id())
        .containsExactlyInAnyOrder("USN-6332-1", "DLA-3623-1");
    // a single-CVE DSA merges with its CVE
    assertThat(catalog.get("DSA-3029-1").orElseThrow().id()).isEqualTo("CVE-2014-3616");
  }

  @Test
  void kevIsAttachedThroughAnyAliasAndDistroSeverityIsTheVendors() {
    MergedVulnerability log4shell = catalog.get("GHSA-jfh8-c2jp-5v3q").orElseThrow();
    assertThat(log4shell.id()).isEqualTo("CVE-2021-44228");
    assertThat(log4shell.kev()).isPresent();
    assertThat(log4shell.kev().get().product()).containsIgnoringCase("Log4j");
    assertThat(catalog.get("CVE-2022-1471").orElseThrow().kev()).isEmpty();

    MergedVulnerability deb = catalog.get("CVE-2008-7220").orElseThrow();
    assertThat(deb.ids()).contains("DEBIAN-CVE-2008-7220");
    MergedVulnerability.Rating r = deb.severityFor("Debian:9");
    assertThat(r.severity()).isEqualTo(Severity.HIGH);
    assertThat(r.origin()).isEqualTo("vendor:debian");
  }
}
