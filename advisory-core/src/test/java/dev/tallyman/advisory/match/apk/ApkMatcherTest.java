package dev.tallyman.advisory.match.apk;

import static dev.tallyman.advisory.match.MatchFixtures.find;
import static dev.tallyman.advisory.match.MatchFixtures.has;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.SharedData;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.feed.alpine.Secdb;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.advisory.match.MatchFixtures;
import dev.tallyman.advisory.osv.OsvRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Alpine secdb (v3.10, v3.11 main), a real OSV Alpine record (osv.dev test data, mariadb) and
 * the real Wolfi and Chainguard secdb documents (vunnel test inputs), matched by origin.
 */
class ApkMatcherTest {
  private static final Distro ALPINE_311 = new Distro("alpine", "3.11.13");
  private static final Distro ALPINE_310 = new Distro("alpine", "3.10.9");
  private static AdvisoryIndex index;
  private static OsvRecord alpineRecord;

  @BeforeAll
  static void load() throws Exception {
    Path data = SharedData.advisories();
    Secdb alpine = new Secdb("ALPINE", "alpine-secdb");
    for (String branch : new String[] {"v3.10", "v3.11"}) {
      alpine.add(
          Files.readAllBytes(data.resolve("alpine/alpine-secdb-yaml/" + branch + "/main.yaml")),
          true,
          "Alpine:" + branch,
          "main",
          new RecordErrors());
    }
    Secdb wolfi = new Secdb("WOLFI", "wolfi-secdb");
    wolfi.add(
        Files.readAllBytes(
            data.resolve(
                "vunnel-fixtures/tests/unit/providers/wolfi/test-fixtures/input/secdb/security.json")),
        false,
        "Wolfi",
        null,
        new RecordErrors());
    Secdb chainguard = new Secdb("CHAINGUARD", "chainguard-secdb");
    chainguard.add(
        Files.readAllBytes(
            data.resolve(
                "vunnel-fixtures/tests/unit/providers/chainguard/test-fixtures/input/secdb/security.json")),
        false,
        "Chainguard",
        null,
        new RecordErrors());
    AdvisoryIndex.Builder b = AdvisoryIndex.builder();
    alpine.records().forEach(r -> b.add(r, "alpine-secdb"));
    wolfi.records().forEach(r -> b.add(r, "wolfi-secdb"));
    chainguard.records().forEach(r -> b.add(r, "chainguard-secdb"));
    b.add(
        FeedJson.osvJson(
            Files.readAllBytes(
                data.resolve(
                    "osvdev-testdata/gcp/workers/oss_fuzz_worker/testdata/CVE-2022-27449.json"))),
        "osv");
    index = b.build();
    alpineRecord =
        alpine.records().stream()
            .filter(r -> r.id().equals("ALPINE-CVE-2019-1551"))
            .findFirst()
            .orElseThrow();
  }

  private static InstalledPackage apk(String eco, String name, String version, String origin) {
    return new InstalledPackage(
        "id-" + name, eco, name, version, origin, origin.isEmpty() ? "" : version, "");
  }

  private static List<Match> match(InstalledPackage p, Distro d) {
    return MatchEngine.standard().match(d, List.of(p), index).matches();
  }

  @Test
  void subpackageMatchesThroughItsOriginOnItsBranch() {
    List<Match> m = match(apk("Alpine", "libcrypto1.1", "1.1.1d-r2", "openssl"), ALPINE_311);
    Match x = find(m, "CVE-2019-1551");
    assertThat(x.fixedVersion()).isEqualTo("1.1.1d-r3");
    assertThat(x.ecosystem()).isEqualTo("Alpine:v3.11");
    assertThat(x.matchedName()).isEqualTo("openssl");
    assertThat(x.pkg().id()).isEqualTo("id-libcrypto1.1");
    // the binary name alone is not what secdb lists
    assertThat(match(apk("Alpine", "libcrypto1.1", "1.1.1d-r2", ""), ALPINE_311)).isEmpty();
  }

  @Test
  void atOrAfterTheFixDoesNotMatch() {
    assertThat(
            has(
                match(apk("Alpine", "libssl1.1", "1.1.1d-r3", "openssl"), ALPINE_311),
                "CVE-2019-1551"))
        .isFalse();
    assertThat(match(apk("Alpine", "openssl", "1.1.1g-r0", ""), ALPINE_311)).isEmpty();
  }

  @Test
  void theImageBranchPicksTheEntry() {
    // CVE-2019-1547: fixed in 1.1.1d-r0 on v3.10, 1.1.1d-r1 on v3.11
    InstalledPackage p = apk("Alpine", "openssl", "1.1.1d-r0", "");
    assertThat(find(match(p, ALPINE_311), "CVE-2019-1547").fixedVersion()).isEqualTo("1.1.1d-r1");
    assertThat(has(match(p, ALPINE_310), "CVE-2019-1547")).isFalse();
    // a branch without entries, or an unknown one, matches nothing from secdb
    assertThat(match(p, new Distro("alpine", "3.19.1"))).isEmpty();
    assertThat(match(p, new Distro("alpine", ""))).isEmpty();
  }

  @Test
  void osvAlpineRecordsMatchToo() {
    Distro v316 = new Distro("alpine", "3.16.2");
    Match x =
        find(
            match(apk("Alpine", "mariadb-client", "10.6.7-r0", "mariadb"), v316), "CVE-2022-27449");
    assertThat(x.fixedVersion()).isEqualTo("10.6.8-r0");
    assertThat(x.ecosystem()).isEqualTo("Alpine:v3.16");
    assertThat(match(apk("Alpine", "mariadb-client", "10.6.8-r0", "mariadb"), v316)).isEmpty();
  }

  @Test
  void branchNames() {
    assertThat(ApkMatcher.branch("3.19.1")).isEqualTo("v3.19");
    assertThat(ApkMatcher.branch("3.21.0_alpha20240807")).isEqualTo("v3.21");
    assertThat(ApkMatcher.branch("3")).isEmpty();
    assertThat(ApkMatcher.branch("")).isEmpty();
  }

  @Test
  void wolfiMatchesByOriginAgainstTheWolfiSecdb() {
    Distro wolfi = new Distro("wolfi", "20230201");
    Match x =
        find(match(apk("Wolfi", "ssl_client", "1.35.0-r2", "busybox"), wolfi), "CVE-2022-28391");
    assertThat(x.fixedVersion()).isEqualTo("1.35.0-r3");
    assertThat(x.ecosystem()).isEqualTo("Wolfi");
    assertThat(match(apk("Wolfi", "ssl_client", "1.35.0-r3", "busybox"), wolfi)).isEmpty();
    // Alpine entries never apply to Wolfi packages, and Chainguard-only packages are not Wolfi's
    assertThat(match(apk("Wolfi", "grafana", "7.5.18-r0", ""), wolfi)).isEmpty();
  }

  @Test
  void chainguardMatchesItsOwnFeedThenWolfis() {
    Distro cg = new Distro("chainguard", "20230214");
    Match own = find(match(apk("Chainguard", "grafana", "7.5.18-r0", ""), cg), "CVE-2021-36156");
    assertThat(own.fixedVersion()).isEqualTo("7.5.19-r0");
    assertThat(own.ecosystem()).isEqualTo("Chainguard");
    assertThat(match(apk("Chainguard", "grafana", "7.5.19-r0", ""), cg)).isEmpty();
  }

  @Test
  void aWithdrawnRecordNeverMatches() {
    AdvisoryIndex withdrawn =
        AdvisoryIndex.builder()
            .add(alpineRecord, "alpine-secdb")
            .add(MatchFixtures.withdrawnCopy(alpineRecord), "alpine-secdb")
            .build();
    InstalledPackage p = apk("Alpine", "openssl", "1.1.1d-r2", "");
    assertThat(MatchEngine.standard().match(ALPINE_311, List.of(p), withdrawn).matches()).isEmpty();
    // control: the live record alone matches
    AdvisoryIndex live = AdvisoryIndex.builder().add(alpineRecord, "alpine-secdb").build();
    assertThat(MatchEngine.standard().match(ALPINE_311, List.of(p), live).matches()).hasSize(1);
  }
}
