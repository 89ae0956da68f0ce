package dev.tallyman.advisory.feed.alpine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.feed.Records;
import dev.tallyman.advisory.feed.StandInServer;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlpineSecdbFeedTest {

  private static OsvRecord record(FeedUpdate u, String id) {
    return u.records().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void realYamlSecdbPerBranchAndRepoFromAMirror() throws Exception {
    List<String> branches = List.of("v3.5", "v3.6", "v3.7", "v3.8", "v3.9", "v3.10", "v3.11");
    var feed =
        new AlpineSecdbFeed(
            new MirrorFetcher(FeedData.file("alpine/alpine-secdb-yaml")),
            branches,
            List.of("main", "community"),
            "yaml");
    FeedUpdate u = feed.update(null);
    assertThat(u.records()).hasSizeGreaterThan(1000);
    OsvRecord r = record(u, "ALPINE-CVE-2019-1547");
    assertThat(r.upstream()).containsExactly("CVE-2019-1547");
    OsvAffected v39 =
        r.affected().stream()
            .filter(
                a -> a.pkg().ecosystem().equals("Alpine:v3.9") && a.pkg().name().equals("openssl"))
            .findFirst()
            .orElseThrow();
    assertThat(v39.ranges().get(0).events().get(1).fixed()).isEqualTo("1.1.1d-r0");
    assertThat(v39.databaseSpecific().path("repo").asText()).isEqualTo("main");
    // one CVE, several branches: one record with an entry per branch
    assertThat(r.affected().stream().map(a -> a.pkg().ecosystem()).distinct().count())
        .isGreaterThan(1);
    assertThat(feed.update(u.cursor()).kind()).isEqualTo(FeedUpdate.Kind.UNCHANGED);
  }

  @Test
  void liveJsonLayoutOverHttpAndTheFifteenBranchYaml() throws Exception {
    try (StandInServer s = new StandInServer()) {
      s.route(
          "v3.10/community.json",
          FeedData.bytes("claircore-testdata/alpine/testdata/fetch/v3.10/community.json"));
      var feed =
          new AlpineSecdbFeed(
              Fetcher.of(s.url(), Map.of()), List.of("v3.10"), List.of("community"), "json");
      FeedUpdate u = feed.update(null);
      OsvRecord botan = record(u, "ALPINE-CVE-2018-20187");
      assertThat(botan.affected().get(0).pkg().ecosystem()).isEqualTo("Alpine:v3.10");
      assertThat(botan.affected().get(0).pkg().name()).isEqualTo("botan");
      assertThat(Records.status(botan.affected().get(0))).isEqualTo(Records.FIXED);

      s.failWith(500);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> feed.update(null))
          .hasMessageContaining("HTTP 500");
    }
    var v315 =
        new AlpineSecdbFeed(
            new MirrorFetcher(
                FeedData.file(
                    "vunnel-fixtures/tests/unit/providers/alpine/test-fixtures/input/secdb")),
            List.of("v3.15"),
            List.of("main", "community"),
            "yaml");
    FeedUpdate u = v315.update(null);
    OsvRecord zlib = record(u, "ALPINE-CVE-2022-37434");
    assertThat(zlib.affected().get(0).ranges().get(0).events().get(1).fixed())
        .isEqualTo("1.2.12-r2");
  }
}
