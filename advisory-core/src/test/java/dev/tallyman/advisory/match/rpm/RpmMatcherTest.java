package dev.tallyman.advisory.match.rpm;

import static dev.tallyman.advisory.match.MatchFixtures.find;
import static dev.tallyman.advisory.match.MatchFixtures.has;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.SharedData;
import dev.tallyman.advisory.feed.redhat.CsafVex;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.advisory.match.MatchFixtures;
import dev.tallyman.advisory.osv.OsvRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Red Hat CSAF VEX document for curl CVE-2023-38545 (claircore test data) as the redhat
 * feed translates it: RHEL 9 fixes per z-stream (9.2 main/EUS, 9.3 main), RHEL 6-8 not affected.
 */
class RpmMatcherTest {
  private static final Distro RHEL9 = new Distro("rhel", "9.3");
  private static AdvisoryIndex index;
  private static OsvRecord curl;

  @BeforeAll
  static void load() throws Exception {
    Path data = SharedData.advisories();
    List<OsvRecord> records = new ArrayList<>();
    records.addAll(
        CsafVex.parse(
            Files.readAllBytes(
                data.resolve("claircore-testdata/rhel/vex/testdata/cve-2023-38545.json"))));
    AdvisoryIndex.Builder b = AdvisoryIndex.builder();
    records.forEach(r -> b.add(r, "redhat-csaf"));
    index = b.build();
    curl =
        records.stream()
            .filter(r -> r.id().equals("REDHAT-CVE-2023-38545"))
            .findFirst()
            .orElseThrow();
  }

  /** As the rpm cataloger fills it: source rpm name and V-R, epoch only on the binary. */
  private static InstalledPackage rpm(
      String name, String evr, String src, String srcVr, String label) {
    return new InstalledPackage("id-" + name, "Red Hat", name, evr, src, srcVr, "", label);
  }

  private static List<Match> match(InstalledPackage p, Distro d) {
    return MatchEngine.standard().match(d, List.of(p), index).matches();
  }

  @Test
  void binaryMatchesThroughItsSourceRpmOnItsMajorRelease() {
    // libcurl-minimal-7.76.1-26.el9_3.1 from curl-7.76.1-26.el9_3.1.src.rpm: before the 9.3 fix
    List<Match> m =
        match(rpm("libcurl-minimal", "7.76.1-26.el9_3.1", "curl", "7.76.1-26.el9_3.1", ""), RHEL9);
    Match x = find(m, "CVE-2023-38545");
    assertThat(x.fixedVersion()).isEqualTo("7.76.1-26.el9_3.2");
    assertThat(x.matchedName()).isEqualTo("curl");
    assertThat(x.ecosystem()).startsWith("Red Hat:enterprise_linux:9::");
    assertThat(m).hasSize(1);
    // the binary name is not what the feed lists
    assertThat(match(rpm("libcurl-minimal", "7.76.1-26.el9_3.1", "", "", ""), RHEL9)).isEmpty();
  }

  @Test
  void atOrAfterTheFixDoesNotMatch() {
    assertThat(match(rpm("curl", "7.76.1-26.el9_3.2", "curl", "7.76.1-26.el9_3.2", ""), RHEL9))
        .isEmpty();
    assertThat(match(rpm("curl", "7.76.1-29.el9_4", "curl", "7.76.1-29.el9_4", ""), RHEL9))
        .isEmpty();
  }

  @Test
  void aZStreamBuildIsJudgedByItsOwnStreamsFix() {
    // 9.2's z-stream fix 7.76.1-23.el9_2.4 is fixed although below the 9.3 build number
    assertThat(match(rpm("curl", "7.76.1-23.el9_2.4", "curl", "7.76.1-23.el9_2.4", ""), RHEL9))
        .isEmpty();
    // an older 9.2 build is affected, and is told the fix of its own stream
    Match x =
        find(
            match(rpm("curl", "7.76.1-23.el9_2.2", "curl", "7.76.1-23.el9_2.2", ""), RHEL9),
            "CVE-2023-38545");
    assertThat(x.fixedVersion()).isEqualTo("7.76.1-23.el9_2.4");
  }

  @Test
  void beingFixedInItsStreamForOneCveSaysNothingAboutAnother() {
    // a second vulnerability derived from the real record, fixed only in the 9.3 stream
    List<dev.tallyman.advisory.osv.OsvAffected> only93 =
        curl.affected().stream().filter(a -> a.ranges().toString().contains("el9_3")).toList();
    assertThat(only93).isNotEmpty();
    OsvRecord other =
        new OsvRecord(
            curl.schemaVersion(),
            "REDHAT-CVE-2099-0001",
            curl.modified(),
            curl.published(),
            null,
            List.of(),
            List.of(),
            List.of("CVE-2099-0001"),
            "derived",
            null,
            List.of(),
            only93,
            List.of(),
            curl.databaseSpecific());
    AdvisoryIndex both = AdvisoryIndex.builder().add(curl, "redhat").add(other, "redhat").build();
    InstalledPackage p = rpm("curl", "7.76.1-23.el9_2.4", "curl", "7.76.1-23.el9_2.4", "");
    List<Match> m = MatchEngine.standard().match(RHEL9, List.of(p), both).matches();
    // fixed for CVE-2023-38545 by its own 9.2 stream, still affected by the 9.3-only fix
    assertThat(has(m, "CVE-2023-38545")).isFalse();
    assertThat(find(m, "CVE-2099-0001").fixedVersion()).isEqualTo("7.76.1-26.el9_3.2");
  }

  @Test
  void otherMajorReleasesAndProductsDoNotApply() {
    InstalledPackage old = rpm("curl", "7.61.1-30.el8", "curl", "7.61.1-30.el8", "");
    // RHEL 8 is listed as not affected: no match, but the vendor's statement is kept for explain
    assertThat(match(old, new Distro("rhel", "8.9"))).isEmpty();
    assertThat(MatchEngine.standard().explain(new Distro("rhel", "8.9"), old, index))
        .anySatisfy(d -> assertThat(d.status()).isEqualTo("not-affected"));
    // a 9 fix says nothing about an unknown release
    assertThat(
            match(
                rpm("curl", "7.76.1-26.el9_3.1", "curl", "7.76.1-26.el9_3.1", ""),
                new Distro("rhel", "")))
        .isEmpty();
  }

  @Test
  void epochComesFromTheBinaryAndIsCompared() {
    assertThat(
            RpmMatcher.version(
                rpm("openssl-libs", "1:3.0.7-27.el9", "openssl", "3.0.7-27.el9", "")))
        .isEqualTo("1:3.0.7-27.el9");
    assertThat(RpmMatcher.version(rpm("curl", "0:7.76.1-26.el9", "curl", "7.76.1-26.el9", "")))
        .isEqualTo("7.76.1-26.el9");
    assertThat(RpmMatcher.version(rpm("curl", "7.76.1-26.el9", "", "", "")))
        .isEqualTo("7.76.1-26.el9");
    // an epoch above the advisory's (none = 0) puts any version past the fix
    assertThat(match(rpm("curl", "1:7.76.1-26.el9_3.1", "curl", "7.76.1-26.el9_3.1", ""), RHEL9))
        .isEmpty();
  }

  @Test
  void aModuleStreamPackageMatchesOnlyThatStreamsEntries() {
    // curl's entries name no module stream: a curl built in a stream is another build
    InstalledPackage modular =
        rpm(
            "curl",
            "7.76.1-26.el9_3.1",
            "curl",
            "7.76.1-26.el9_3.1",
            "curl:8:9030020231010:abcdef12");
    assertThat(modular.moduleStream()).isEqualTo("curl:8");
    assertThat(match(modular, RHEL9)).isEmpty();
  }

  @Test
  void distTags() {
    assertThat(RpmMatcher.distTag("7.76.1-23.el9_2.4")).isEqualTo("el9_2");
    assertThat(RpmMatcher.distTag("1:3.9.19-8.el9")).isEqualTo("el9");
    assertThat(RpmMatcher.distTag("2.4.37-62.module+el8.9.0+19699+7a7a2044")).isEqualTo("el8_9");
    assertThat(RpmMatcher.distTag("1.0-1")).isEmpty();
  }

  @Test
  void aWithdrawnRecordNeverMatches() {
    InstalledPackage p = rpm("curl", "7.76.1-26.el9_3.1", "curl", "7.76.1-26.el9_3.1", "");
    AdvisoryIndex withdrawn =
        AdvisoryIndex.builder()
            .add(curl, "redhat-csaf")
            .add(MatchFixtures.withdrawnCopy(curl), "redhat-csaf")
            .build();
    assertThat(MatchEngine.standard().match(RHEL9, List.of(p), withdrawn).matches()).isEmpty();
    AdvisoryIndex live = AdvisoryIndex.builder().add(curl, "redhat-csaf").build();
    assertThat(
            has(MatchEngine.standard().match(RHEL9, List.of(p), live).matches(), "CVE-2023-38545"))
        .isTrue();
  }
}
