package dev.tallyman.advisory.match.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.osv.OsvLoader;
import dev.tallyman.advisory.severity.Severity;
import dev.tallyman.advisory.version.InvalidVersionException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DebianMatcherTest {
  private static final Distro BOOKWORM = new Distro("debian", "12");
  private static AdvisoryIndex index;
  private static OsvLoader.LoadStats stats;
  private final DebianMatcher matcher = DebianMatcher.debian();

  @BeforeAll
  static void load() throws Exception {
    Path dir = Path.of(DebianMatcherTest.class.getResource("testdata/osv").toURI());
    AdvisoryIndex.Builder b = AdvisoryIndex.builder();
    stats = new OsvLoader().load(dir, r -> b.add(r, "debian-fixture"));
    index = b.build();
  }

  private static InstalledPackage deb(String name, String version, String src, String srcVersion) {
    return new InstalledPackage("id-" + name, "Debian", name, version, src, srcVersion, "");
  }

  private List<String> ids(InstalledPackage p, Distro d) {
    return matcher.match(p, d, index).stream().map(m -> m.vulnerability().id()).toList();
  }

  @Test
  void fixturesLoadWithTheBrokenOneCounted() {
    assertThat(stats.recordCount()).isEqualTo(5);
    assertThat(stats.rejectedCount()).isEqualTo(1);
    assertThat(stats.errors()).singleElement().asString().contains("broken-truncated.json");
    assertThat(index.withdrawnCount()).isEqualTo(1);
  }

  @Test
  void binaryPackageMatchesThroughItsSourcePackage() {
    List<Match> m =
        matcher.match(deb("libssl3", "3.0.11-1~deb12u1", "openssl", ""), BOOKWORM, index);
    assertThat(m)
        .singleElement()
        .satisfies(
            x -> {
              // the merged view: the CVE is the id a user sees, the DSA one of its aliases
              assertThat(x.vulnerability().id()).isEqualTo("CVE-2023-5363");
              assertThat(x.vulnerability().aliases()).containsExactly("DSA-5532-1");
              assertThat(x.vulnerability().sources()).containsExactly("debian-fixture");
              assertThat(x.fixedVersion()).isEqualTo("3.0.11-1~deb12u2");
              assertThat(x.matchedName()).isEqualTo("openssl");
              assertThat(x.ecosystem()).isEqualTo("Debian:12");
              assertThat(x.matchedRange())
                  .isEqualTo("ECOSYSTEM introduced=0 fixed=3.0.11-1~deb12u2");
              assertThat(x.pkg().id()).isEqualTo("id-libssl3");
            });
    // the binary name itself is never what the tracker lists
    assertThat(ids(deb("libssl3", "3.0.11-1~deb12u1", "", ""), BOOKWORM)).isEmpty();
  }

  @Test
  void fixedAndNewerVersionsDoNotMatch() {
    assertThat(ids(deb("libssl3", "3.0.11-1~deb12u2", "openssl", ""), BOOKWORM)).isEmpty();
    assertThat(ids(deb("openssl", "3.0.15-1~deb12u1", "", ""), BOOKWORM)).isEmpty();
  }

  @Test
  void sourceVersionWinsOverBinNmuVersion() {
    // libc6 binNMU-style binary version above the fix, source version below it: the source counts
    assertThat(ids(deb("libc6", "2.36-9+deb12u3+b1", "glibc", "2.36-9+deb12u1"), BOOKWORM))
        .containsExactly("CVE-2023-4911");
    Match m = matcher.match(deb("libc6", "2.36-9+deb12u1", "glibc", ""), BOOKWORM, index).get(0);
    assertThat(m.vulnerability().severity()).isEqualTo(Severity.HIGH);
    assertThat(m.vulnerability().cvssScore()).isEqualTo(7.8);
  }

  @Test
  void onlyEntriesForTheImageReleaseApply() {
    // DLA-3530-1 is for Debian:10 only; version below its fix but on bookworm it must not apply
    assertThat(ids(deb("libssl1.1", "1.1.1n-0+deb10u5", "openssl", ""), BOOKWORM))
        .doesNotContain("DLA-3530-1");
    assertThat(
            ids(deb("libssl1.1", "1.1.1n-0+deb10u5", "openssl", ""), new Distro("debian", "10.13")))
        .contains("DLA-3530-1");
    // Debian:11 glibc entry starts at 2.31-13: on bullseye below the fix it matches, on 12 not
    assertThat(ids(deb("libc6", "2.31-13+deb11u5", "glibc", ""), new Distro("debian", "11")))
        .containsExactly("CVE-2023-4911");
    // unknown release: only release-less entries
    assertThat(ids(deb("libc6", "2.36-9", "glibc", ""), Distro.NONE)).isEmpty();
  }

  @Test
  void releaseLessEntriesAndLastAffectedAreInclusive() {
    assertThat(ids(deb("zlib1g", "1:1.2.13.dfsg-1", "zlib", ""), BOOKWORM))
        .containsExactly("CVE-2022-37434");
    assertThat(ids(deb("zlib1g", "1:1.2.13.dfsg-1+deb12u1", "zlib", ""), BOOKWORM)).isEmpty();
    // no epoch means epoch 0: far below 1:1.2.11
    assertThat(ids(deb("zlib1g", "1.2.13.dfsg-1", "zlib", ""), BOOKWORM)).isEmpty();
  }

  @Test
  void withdrawnRecordsNeverMatchAndBadVersionsAreRejected() {
    assertThat(ids(deb("openssl", "1.0.0-1", "", ""), BOOKWORM)).doesNotContain("DSA-0000-1");
    assertThatThrownBy(
            () -> matcher.match(deb("openssl", "not a version", "", ""), BOOKWORM, index))
        .isInstanceOf(InvalidVersionException.class);
  }

  @Test
  void ubuntuReleasesAreMatchedByFullVersionId() {
    DebianMatcher ubuntu = DebianMatcher.ubuntu();
    assertThat(ubuntu.appliesTo("Ubuntu:22.04:LTS", "22.04")).isTrue();
    assertThat(ubuntu.appliesTo("Ubuntu:Pro:18.04:LTS", "18.04")).isFalse();
    assertThat(ubuntu.appliesTo("Ubuntu:24.04:LTS", "22.04")).isFalse();
    assertThat(matcher.appliesTo("Debian:12", "12")).isTrue();
    assertThat(matcher.appliesTo("Debian:11", "12")).isFalse();
    assertThat(matcher.appliesTo("Debian", "")).isTrue();
  }
}
