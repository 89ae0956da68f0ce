package dev.tallyman.advisory.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.SharedData;
import dev.tallyman.advisory.osv.OsvLoader;
import dev.tallyman.advisory.osv.OsvRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchEngineTest {
  private final MatchEngine engine = MatchEngine.standard();

  private static List<OsvRecord> load(Path p) throws Exception {
    List<OsvRecord> out = new ArrayList<>();
    new OsvLoader().load(p, out::add);
    return out;
  }

  private static AdvisoryIndex index(List<OsvRecord> records) {
    AdvisoryIndex.Builder b = AdvisoryIndex.builder();
    records.forEach(r -> b.add(r, "test"));
    return b.build();
  }

  @Test
  void withdrawnGhsaNeverMatchesButTheSameRecordUnwithdrawnWould() throws Exception {
    OsvRecord withdrawn =
        load(SharedData.advisories().resolve("osv/ghsa/GHSA-76cc-p55w-63g3.withdrawn.json")).get(0);
    assertThat(withdrawn.isWithdrawn()).isTrue();
    InstalledPackage teleport =
        InstalledPackage.of("Go", "github.com/gravitational/teleport", "14.1.0");

    AdvisoryIndex withIt = index(List.of(withdrawn));
    assertThat(engine.match(Distro.NONE, List.of(teleport), withIt).matches()).isEmpty();
    assertThat(withIt.advisoryCount()).isZero();

    // Control: the very same data without the withdrawn mark is a match, so the mark is what
    // counts.
    OsvRecord live =
        new OsvRecord(
            withdrawn.schemaVersion(),
            withdrawn.id(),
            withdrawn.modified(),
            withdrawn.published(),
            null,
            withdrawn.aliases(),
            withdrawn.related(),
            withdrawn.upstream(),
            withdrawn.summary(),
            withdrawn.details(),
            withdrawn.severity(),
            withdrawn.affected(),
            withdrawn.references(),
            withdrawn.databaseSpecific());
    assertThat(engine.match(Distro.NONE, List.of(teleport), index(List.of(live))).matches())
        .singleElement()
        .satisfies(m -> assertThat(m.fixedVersion()).isEqualTo("14.2.4"));
  }

  @Test
  void realUbuntuRecordMatchesGlibcOnJammyOnly() throws Exception {
    AdvisoryIndex idx = index(load(SharedData.advisories().resolve("osv/ubuntu")));
    InstalledPackage libc6 =
        new InstalledPackage("x", "Ubuntu", "libc6", "2.35-0ubuntu3.1", "glibc", "", "");
    List<Match> jammy = engine.match(new Distro("ubuntu", "22.04"), List.of(libc6), idx).matches();
    assertThat(jammy)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.vulnerability().id()).isEqualTo("CVE-2023-4911");
              assertThat(m.vulnerability().aliases()).contains("UBUNTU-CVE-2023-4911");
              assertThat(m.fixedVersion()).isEqualTo("2.35-0ubuntu3.4");
              assertThat(m.ecosystem()).isEqualTo("Ubuntu:22.04:LTS");
            });
    assertThat(engine.match(new Distro("ubuntu", "20.04"), List.of(libc6), idx).matches())
        .isEmpty();
  }

  @Test
  void invalidVersionsAreSkippedWithAReasonAndOthersStillMatch() throws Exception {
    AdvisoryIndex idx = index(load(SharedData.advisories().resolve("osv/ghsa")));
    MatchEngine.Result r =
        engine.match(
            Distro.NONE,
            List.of(
                InstalledPackage.of("Maven", "org.yaml:snakeyaml", "1 .33"),
                InstalledPackage.of("Maven", "org.yaml:snakeyaml", "1.33"),
                InstalledPackage.of("npm", "minimist", "1.2.5"),
                InstalledPackage.of("Cobol", "whatever", "1")),
            idx);
    assertThat(r.skipped()).singleElement().asString().contains("snakeyaml");
    assertThat(r.matches())
        .extracting(m -> m.vulnerability().id())
        .containsExactlyInAnyOrder("CVE-2022-1471", "CVE-2021-44906");
  }
}
