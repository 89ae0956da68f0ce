package dev.tallyman.advisory.feed.ubuntu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.feed.merge.MergedVulnerability;
import dev.tallyman.advisory.feed.merge.VulnerabilityCatalog;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.severity.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class UbuntuFeedTest {
  private static final String ROOT = "vunnel-fixtures/tests/unit/providers/ubuntu/test-fixtures";

  @Test
  void readsUbuntuCveAndUsnRecordsWithUbuntuPriorityAsVendorSeverity() throws Exception {
    var feed = UbuntuFeed.create(new MirrorFetcher(FeedData.advisories().resolve(ROOT)), "osv");
    FeedUpdate u = feed.update(null);
    assertThat(u.errors().count()).isZero();
    assertThat(u.records())
        .extracting(OsvRecord::id)
        .contains("UBUNTU-CVE-2021-3782", "USN-5614-1");
    OsvRecord cve =
        u.records().stream()
            .filter(r -> r.id().equals("UBUNTU-CVE-2021-3782"))
            .findFirst()
            .orElseThrow();
    assertThat(cve.affected()).allMatch(a -> a.pkg().ecosystem().startsWith("Ubuntu:"));

    VulnerabilityCatalog cat =
        VulnerabilityCatalog.build(
            u.records().stream().map(r -> new MergedVulnerability.Sourced("ubuntu", r)).toList(),
            List.of());
    MergedVulnerability v = cat.get("USN-5614-1").orElseThrow();
    assertThat(v.ids()).contains("CVE-2021-3782", "UBUNTU-CVE-2021-3782", "USN-5614-1");
    // Ubuntu rates it "medium"; its CVSS 3.1 vector alone would say MEDIUM too, so check the origin
    MergedVulnerability.Rating r =
        cat.get("CVE-2021-3782").orElseThrow().severityFor("Ubuntu:22.04:LTS");
    assertThat(r.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(r.origin()).isEqualTo("vendor:ubuntu");
    assertThat(cat.get("CVE-2021-3782").orElseThrow().severityFor("npm").origin())
        .startsWith("cvss:");
  }
}
