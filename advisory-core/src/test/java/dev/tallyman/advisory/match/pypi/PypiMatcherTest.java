package dev.tallyman.advisory.match.pypi;

import static dev.tallyman.advisory.match.MatchFixtures.find;
import static dev.tallyman.advisory.match.MatchFixtures.has;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.SharedData;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.advisory.match.MatchFixtures;
import dev.tallyman.advisory.match.PackageNames;
import dev.tallyman.advisory.osv.OsvRecord;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real GHSA PyPI records (PyYAML, django, requests) from the shared data. */
class PypiMatcherTest {
  private static AdvisoryIndex index;
  private static OsvRecord pyyaml;

  @BeforeAll
  static void load() throws Exception {
    AdvisoryIndex.Builder b = AdvisoryIndex.builder();
    for (String id :
        new String[] {"GHSA-8q59-q68h-6hv4", "GHSA-p64x-8rxx-wf6q", "GHSA-j8r2-6x86-q33q"}) {
      OsvRecord r =
          FeedJson.osvJson(
              Files.readAllBytes(SharedData.advisories().resolve("osv/ghsa/" + id + ".json")));
      b.add(r, "ghsa");
      if (id.equals("GHSA-8q59-q68h-6hv4")) {
        pyyaml = r;
      }
    }
    index = b.build();
  }

  private static List<Match> match(String name, String version) {
    return MatchEngine.standard()
        .match(Distro.NONE, List.of(InstalledPackage.of("PyPI", name, version)), index)
        .matches();
  }

  @Test
  void aVersionInsideTheRangeMatchesWithItsFix() {
    // GHSA-p64x-8rxx-wf6q: django >=3.2,<3.2.14 and >=4.0,<4.0.6
    Match d = find(match("django", "4.0.5"), "CVE-2022-34265");
    assertThat(d.fixedVersion()).isEqualTo("4.0.6");
    assertThat(d.matchedName()).isEqualTo("django");
    assertThat(find(match("Django", "3.2.13"), "CVE-2022-34265").fixedVersion())
        .isEqualTo("3.2.14");
    // PEP 440: a pre-release of the fix is still before it
    assertThat(has(match("django", "4.0.6rc1"), "CVE-2022-34265")).isTrue();
  }

  @Test
  void atOrAfterTheFixOrOutsideTheRangesDoesNotMatch() {
    assertThat(match("django", "4.0.6")).isEmpty();
    assertThat(match("django", "3.1.14")).isEmpty(); // before 3.2: not introduced
    assertThat(match("requests", "2.31.0")).isEmpty();
    assertThat(match("PyYAML", "5.4")).isEmpty();
  }

  @Test
  void namesMeetInTheirPep503Form() {
    // the record says "PyYAML"; installers and SBOMs write pyyaml, PyYaml, py_yaml-less forms
    for (String n : new String[] {"PyYAML", "pyyaml", "PYYAML", "PyYaml"}) {
      assertThat(find(match(n, "5.3.1"), "CVE-2020-14343").fixedVersion()).isEqualTo("5.4");
    }
    assertThat(PackageNames.normalize("PyPI", "Foo.Bar__baz-Qux")).isEqualTo("foo-bar-baz-qux");
    assertThat(PackageNames.normalize("PyPI", "zope.interface")).isEqualTo("zope-interface");
    // not other ecosystems: npm and Debian names are case-sensitive
    assertThat(PackageNames.normalize("npm", "JSONStream")).isEqualTo("JSONStream");
    // a different name is a different project
    assertThat(match("py-yaml2", "5.3.1")).isEmpty();
  }

  @Test
  void aWithdrawnRecordNeverMatches() {
    AdvisoryIndex w =
        AdvisoryIndex.builder()
            .add(pyyaml, "ghsa")
            .add(MatchFixtures.withdrawnCopy(pyyaml), "ghsa")
            .build();
    InstalledPackage p = InstalledPackage.of("PyPI", "pyyaml", "5.3.1");
    assertThat(MatchEngine.standard().match(Distro.NONE, List.of(p), w).matches()).isEmpty();
    AdvisoryIndex live = AdvisoryIndex.builder().add(pyyaml, "ghsa").build();
    assertThat(MatchEngine.standard().match(Distro.NONE, List.of(p), live).matches()).hasSize(1);
  }
}
