package dev.tallyman.advisory.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvEvent;
import dev.tallyman.advisory.osv.OsvPackage;
import dev.tallyman.advisory.osv.OsvRange;
import dev.tallyman.advisory.version.VersionSchemes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AffectedRangesTest {

  /**
   * ranges: '|' separates ranges, ',' separates events written kind=version (events deliberately
   * unsorted in places); versions: ',' list of explicitly affected versions.
   */
  @ParameterizedTest(name = "[{index}] {0} / versions={1}: {2} -> {3} fix={4}")
  @CsvSource(
      delimiter = ';',
      value = {
        "introduced=0,fixed=2.0; ; 1.5; true; 2.0",
        "introduced=0,fixed=2.0; ; 2.0; false; ''",
        "introduced=0,fixed=2.0; ; 2.1; false; ''",
        "introduced=1.0,fixed=2.0; ; 0.9; false; ''",
        "introduced=1.0,fixed=2.0; ; 1.0; true; 2.0",
        "fixed=2.0,introduced=1.0; ; 1.5; true; 2.0",
        "introduced=1.0,last_affected=2.0; ; 2.0; true; ''",
        "introduced=1.0,last_affected=2.0; ; 2.0.1; false; ''",
        "introduced=0; ; 99.0; true; ''",
        "introduced=1.0,fixed=1.5,introduced=2.0,fixed=2.5; ; 1.7; false; ''",
        "introduced=1.0,fixed=1.5,introduced=2.0,fixed=2.5; ; 2.2; true; 2.5",
        "introduced=2.0,fixed=2.5,fixed=1.5,introduced=1.0; ; 1.2; true; 1.5",
        "introduced=1.0,fixed=1.0; ; 1.0; false; ''",
        "introduced=0,limit=3.0; ; 2.9; true; ''",
        "introduced=0,limit=3.0; ; 3.0; false; ''",
        "introduced=0,fixed=2.0|introduced=3.0,fixed=3.2; ; 3.1; true; 3.2",
        "introduced=0,fixed=2.0|introduced=1.0,fixed=1.8; ; 1.5; true; 1.8",
        "introduced=0,fixed=2.0|introduced=3.0,fixed=3.2; ; 2.5; false; ''",
        "introduced=5.0,fixed=6.0; 1.1,1.3; 1.3; true; 6.0",
        "introduced=5.0,fixed=6.0; 1.1,1.3; 1.2; false; ''",
        "; 1.1; 1.1; true; ''",
        "introduced=0,fixed=not/valid; ; 1.0; false; ''",
        "introduced=2.0-beta9,fixed=2.15.0; ; 2.0-rc1; true; 2.15.0",
        "introduced=2.0-beta9,fixed=2.15.0; ; 2.0-beta8; false; ''",
      })
  void osvRangeSemantics(
      String ranges, String versions, String installed, boolean affected, String fix) {
    OsvAffected a = affected(ranges, versions);
    Optional<AffectedRanges.Hit> hit =
        AffectedRanges.evaluate(a, installed, VersionSchemes.forEcosystem("Maven").orElseThrow());
    assertThat(hit.isPresent()).isEqualTo(affected);
    hit.ifPresent(h -> assertThat(h.fixedVersion()).isEqualTo(fix));
  }

  @org.junit.jupiter.api.Test
  void gitRangesAreIgnoredAndMatchedRangeIsDescribed() {
    OsvAffected a =
        new OsvAffected(
            new OsvPackage("Maven", "g:a", null),
            null,
            List.of(
                new OsvRange("GIT", "repo", List.of(OsvEvent.introduced("0")), null),
                new OsvRange(
                    "ECOSYSTEM",
                    null,
                    List.of(OsvEvent.introduced("2.0-beta9"), OsvEvent.fixed("2.15.0")),
                    null)),
            null,
            null,
            null);
    var scheme = VersionSchemes.forEcosystem("Maven").orElseThrow();
    assertThat(AffectedRanges.evaluate(a, "2.14.1", scheme).orElseThrow().matchedRange())
        .isEqualTo("ECOSYSTEM introduced=2.0-beta9 fixed=2.15.0");
    assertThat(AffectedRanges.evaluate(a, "2.15.0", scheme)).isEmpty();
  }

  static OsvAffected affected(String ranges, String versions) {
    List<OsvRange> rs = new ArrayList<>();
    if (ranges != null && !ranges.isBlank()) {
      for (String r : ranges.split("\\|")) {
        List<OsvEvent> events = new ArrayList<>();
        for (String e : r.split(",")) {
          String[] kv = e.trim().split("=", 2);
          events.add(
              switch (kv[0]) {
                case "introduced" -> OsvEvent.introduced(kv[1]);
                case "fixed" -> OsvEvent.fixed(kv[1]);
                case "last_affected" -> OsvEvent.lastAffected(kv[1]);
                case "limit" -> OsvEvent.limit(kv[1]);
                default -> throw new IllegalArgumentException(e);
              });
        }
        rs.add(new OsvRange("ECOSYSTEM", null, events, null));
      }
    }
    List<String> vs =
        versions == null || versions.isBlank() ? List.of() : List.of(versions.split(","));
    return new OsvAffected(new OsvPackage("Maven", "g:a", null), null, rs, vs, null, null);
  }
}
