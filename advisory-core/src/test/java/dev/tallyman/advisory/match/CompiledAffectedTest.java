package dev.tallyman.advisory.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.SharedData;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.feed.alpine.AlpineSecdbFeed;
import dev.tallyman.advisory.feed.wolfi.WolfiSecdbFeed;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvEvent;
import dev.tallyman.advisory.osv.OsvLoader;
import dev.tallyman.advisory.osv.OsvPackage;
import dev.tallyman.advisory.osv.OsvRange;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import dev.tallyman.advisory.version.VersionSchemes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property: the pre-parsed fast path answers exactly what the slow path ({@link
 * AffectedRanges#evaluate}, which re-parses and re-sorts on every call) answers, for every affected
 * entry of the real OSV samples and many candidate versions each: every bound of every range of the
 * same ecosystem, the listed versions, and random mutations of them.
 */
class CompiledAffectedTest {

  private static List<OsvRecord> load(String rel) throws Exception {
    List<OsvRecord> out = new ArrayList<>();
    new OsvLoader().load(SharedData.advisories().resolve(rel), out::add);
    return out;
  }

  @Test
  void fastPathEqualsSlowPathOnTheRealSamples() throws Exception {
    List<OsvRecord> records = new ArrayList<>();
    for (String rel :
        List.of(
            "osv/ghsa",
            "osv/ubuntu",
            "osv-bulk/Go/all.zip",
            "osv-bulk/crates.io/all.zip",
            "osv/pypa-selected",
            "osv/rustsec-selected",
            "osv/go-vulndb-selected")) {
      records.addAll(load(rel));
    }
    Path deb = Path.of(getClass().getResource("deb/testdata/osv").toURI()); // dpkg ranges, epochs
    new OsvLoader().load(deb, records::add);
    // apk ranges: the real Alpine and Wolfi secdb samples through their feeds
    Path data = SharedData.advisories();
    records.addAll(
        new AlpineSecdbFeed(
                new MirrorFetcher(data.resolve("alpine/alpine-secdb-yaml")),
                List.of("v3.9", "v3.10", "v3.11"),
                List.of("main", "community"),
                "yaml")
            .update(null)
            .records());
    records.addAll(
        new WolfiSecdbFeed(
                "Wolfi",
                new MirrorFetcher(data),
                "vunnel-fixtures/tests/unit/providers/wolfi/test-fixtures/input/secdb/security.json")
            .update(null)
            .records());
    // rpm ranges (epoch-less and z-stream fixes): the real Red Hat CSAF VEX for curl
    records.addAll(
        dev.tallyman.advisory.feed.redhat.CsafVex.parse(
            java.nio.file.Files.readAllBytes(
                data.resolve("claircore-testdata/rhel/vex/testdata/cve-2023-38545.json"))));
    // RubyGems, NuGet, Packagist: the hand-transcribed records beside their matcher tests
    for (String f :
        List.of(
            "rubygems/testdata/GHSA-crjr-9rc5-ghw8.json",
            "nuget/testdata/GHSA-5crp-9r3c-p9vr.json",
            "packagist/testdata/GHSA-w248-ffj2-4v5q.json")) {
      try (var in = getClass().getResourceAsStream(f)) {
        records.add(dev.tallyman.advisory.feed.FeedJson.osvJson(in.readAllBytes()));
      }
    }

    // version pool per family: every bound and listed version seen in the corpus
    Map<String, Set<String>> pool = new HashMap<>();
    List<OsvAffected> entries = new ArrayList<>();
    for (OsvRecord r : records) {
      for (OsvAffected a : r.affected()) {
        if (a.pkg() == null || VersionSchemes.forEcosystem(a.pkg().ecosystem()).isEmpty()) {
          continue;
        }
        entries.add(a);
        Set<String> p =
            pool.computeIfAbsent(
                VersionSchemes.family(a.pkg().ecosystem()), k -> new LinkedHashSet<>());
        a.ranges().forEach(rg -> rg.events().forEach(e -> p.add(e.version())));
        p.addAll(a.versions());
      }
    }
    Random rnd = new Random(20261128);
    long checks = 0;
    long hits = 0;
    Set<String> families = new java.util.TreeSet<>();
    for (OsvAffected a : entries) {
      String family = VersionSchemes.family(a.pkg().ecosystem());
      VersionScheme scheme = VersionSchemes.forEcosystem(family).orElseThrow();
      CompiledAffected fast = CompiledAffected.compile(a, scheme);
      List<String> familyPool = new ArrayList<>(pool.get(family));
      Set<String> candidates = new LinkedHashSet<>();
      a.ranges().forEach(rg -> rg.events().forEach(e -> candidates.add(e.version())));
      candidates.addAll(a.versions());
      for (int i = 0; i < 12; i++) {
        candidates.add(familyPool.get(rnd.nextInt(familyPool.size())));
      }
      for (String c : new ArrayList<>(candidates)) {
        candidates.add(mutate(c, rnd));
      }
      for (String v : candidates) {
        if (v == null) {
          continue;
        }
        Optional<AffectedRanges.Hit> slow;
        try {
          slow = AffectedRanges.evaluate(a, v, scheme);
        } catch (InvalidVersionException e) {
          assertThatThrownBy(() -> scheme.key(v)).isInstanceOf(InvalidVersionException.class);
          continue;
        }
        AffectedRanges.Hit got = fast.evaluate(v, scheme.key(v));
        assertThat(Optional.ofNullable(got))
            .as("%s %s version %s", a.pkg().ecosystem(), a.pkg().name(), v)
            .isEqualTo(slow);
        checks++;
        hits += got == null ? 0 : 1;
        families.add(family);
      }
    }
    // the corpus is large and mixed: both answers must have been exercised many times
    assertThat(families)
        .contains(
            "Alpine",
            "Wolfi",
            "Debian",
            "Ubuntu",
            "Red Hat",
            "Go",
            "crates.io",
            "PyPI",
            "Maven",
            "npm",
            "RubyGems",
            "NuGet",
            "Packagist");
    assertThat(checks).isGreaterThan(50_000);
    assertThat(hits).isGreaterThan(5_000);
    assertThat(checks - hits).isGreaterThan(5_000);
  }

  // Nearby versions: one digit changed, a suffix added, a part dropped.
  private static String mutate(String v, Random rnd) {
    if (v == null || v.isEmpty()) {
      return v;
    }
    StringBuilder sb = new StringBuilder(v);
    switch (rnd.nextInt(4)) {
      case 0 -> {
        for (int i = sb.length() - 1; i >= 0; i--) {
          if (Character.isDigit(sb.charAt(i))) {
            sb.setCharAt(i, (char) ('0' + rnd.nextInt(10)));
            break;
          }
        }
      }
      case 1 -> sb.append(rnd.nextBoolean() ? ".1" : "-1");
      case 2 -> sb.append(rnd.nextBoolean() ? "~rc1" : "-rc.1");
      default -> {
        int dot = v.lastIndexOf('.');
        return dot > 0 ? v.substring(0, dot) : v + ".0";
      }
    }
    return sb.toString();
  }

  @Test
  void explainNamesTheDecidingComparisonsAndTheVendorStatus() {
    var db = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    db.put("status", "no-fix-yet").put("urgency", "high");
    OsvAffected open =
        new OsvAffected(
            new OsvPackage("Debian:12", "openssl", null),
            List.of(),
            List.of(new OsvRange("ECOSYSTEM", null, List.of(OsvEvent.introduced("3.0.0-1")), null)),
            List.of(),
            null,
            db);
    VersionScheme dpkg = VersionSchemes.forEcosystem("Debian").orElseThrow();
    CompiledAffected c = CompiledAffected.compile(open, dpkg);
    assertThat(c.status()).isEqualTo("no-fix-yet");
    Object key = dpkg.key("3.0.11-1~deb12u1");
    assertThat(c.evaluate("3.0.11-1~deb12u1", key).fixedVersion()).isEmpty();
    assertThat(c.explain("Debian:12 openssl", "3.0.11-1~deb12u1", key, "dpkg"))
        .containsExactly(
            "Debian:12 openssl 3.0.11-1~deb12u1 >= introduced 3.0.0-1 (dpkg) → affected, no fix"
                + " yet",
            "Debian:12 openssl vendor status: no-fix-yet (urgency=high)");
    Object old = dpkg.key("1.1.1n-0+deb11u5");
    assertThat(c.evaluate("1.1.1n-0+deb11u5", old)).isNull();
    assertThat(c.explain("p", "1.1.1n-0+deb11u5", old, "dpkg").get(0))
        .isEqualTo("p 1.1.1n-0+deb11u5 < introduced 3.0.0-1 (dpkg) → not affected");
  }
}
