package dev.tallyman.advisory.feed.debian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.Records;
import dev.tallyman.advisory.feed.StandInServer;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.deb.DebianMatcher;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebianTrackerFeedTest {
  private static final String JSON =
      "vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json";

  private static OsvAffected entry(FeedUpdate u, String cve, String pkg, String eco) {
    return u.records().stream()
        .filter(r -> r.id().equals("DEBIAN-" + cve))
        .flatMap(r -> r.affected().stream())
        .filter(a -> a.pkg().name().equals(pkg) && a.pkg().ecosystem().equals(eco))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void trackerJsonKeepsFixedNotAffectedAndNoFixYetPerRelease() throws Exception {
    try (StandInServer s = new StandInServer()) {
      s.route("tracker/data/json", FeedData.bytes(JSON));
      DebianTrackerFeed feed = new DebianTrackerFeed(Fetcher.of(s.url(), Map.of()));
      FeedUpdate u = feed.update(null);

      OsvAffected fixed = entry(u, "CVE-2008-7220", "prototypejs", "Debian:9");
      assertThat(Records.status(fixed)).isEqualTo(Records.FIXED);
      assertThat(fixed.ranges().get(0).events().get(1).fixed()).isEqualTo("1.6.0.2-1");
      assertThat(fixed.databaseSpecific().path("severity").asText()).isEqualTo("HIGH"); // "high**"

      OsvAffected notAffected = entry(u, "CVE-2007-2383", "prototypejs", "Debian:10");
      assertThat(Records.status(notAffected)).isEqualTo(Records.NOT_AFFECTED);
      assertThat(notAffected.ranges()).isEmpty();

      OsvAffected open = entry(u, "CVE-2022-0456", "chromium", "Debian:10");
      assertThat(Records.status(open)).isEqualTo(Records.NO_FIX_YET);
      assertThat(open.ranges().get(0).events()).hasSize(1);
      assertThat(
              entry(u, "CVE-2022-0456", "chromium", "Debian:11")
                  .ranges()
                  .get(0)
                  .events()
                  .get(1)
                  .fixed())
          .isEqualTo("98.0.4758.80-1~deb11u1");

      // chromium-browser/CVE-2022-0358 has "releases": [] in the real file: counted, skipped
      assertThat(u.errors().count()).isEqualTo(1);
      assertThat(u.errors().sample().get(0).id()).isEqualTo("CVE-2022-0358/chromium-browser");

      OsvRecord sope =
          u.records().stream()
              .filter(r -> r.id().equals("DEBIAN-CVE-2025-53603"))
              .findFirst()
              .orElseThrow();
      assertThat(sope.upstream()).containsExactly("CVE-2025-53603");

      // Matching on the result: fixed below the fix on 9, never for the not-affected CVE.
      AdvisoryIndex.Builder b = AdvisoryIndex.builder();
      u.records().forEach(r -> b.add(r, "debian"));
      var pkg =
          new InstalledPackage(
              "p", "Debian", "libjs-prototype", "1.5.0-1", "prototypejs", "1.5.0-1", "");
      var ids =
          DebianMatcher.debian().match(pkg, new Distro("debian", "9"), b.build()).stream()
              .map(m -> m.vulnerability().id())
              .toList();
      assertThat(ids).contains("CVE-2008-7220").doesNotContain("CVE-2007-2383");

      assertThat(feed.update(u.cursor()).kind()).isEqualTo(FeedUpdate.Kind.UNCHANGED);
    }
  }

  @Test
  void aTruncatedTrackerFileIsRejectedAsAWhole() throws Exception {
    byte[] full = FeedData.bytes(JSON);
    try (StandInServer s = new StandInServer()) {
      // a mirror that holds a cut copy: served completely, but the JSON itself ends early
      s.route("tracker/data/json", Arrays.copyOf(full, full.length / 2));
      DebianTrackerFeed feed = new DebianTrackerFeed(Fetcher.of(s.url(), Map.of()));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> feed.update(null))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("unreadable");
    }
  }
}
