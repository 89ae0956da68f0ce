package dev.tallyman.advisory.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property: comparing pre-parsed keys ({@link VersionScheme#key}, {@link
 * VersionScheme#compareKeys}) gives exactly {@link VersionScheme#compare} for every pair of
 * versions of each scheme's conformance vectors (each ordered against each, not only the listed
 * pairs).
 */
class VersionKeyTest {

  private record Case(String ecosystem, String resource) {}

  @Test
  void keyComparisonEqualsStringComparisonForAllVectorPairs() {
    List<Case> cases =
        List.of(
            new Case("Debian", "deb/testdata/debian-versions.tsv"),
            new Case("Red Hat", "rpm/testdata/rpm-versions.tsv"),
            new Case("Alpine", "apk/testdata/apk-versions.tsv"),
            new Case("npm", "semver/testdata/semver-versions.tsv"),
            new Case("Go", "semver/testdata/go-versions.tsv"),
            new Case("Maven", "maven/testdata/maven-versions.tsv"),
            new Case("PyPI", "pypi/testdata/pypi-versions.tsv"),
            new Case("RubyGems", "rubygems/testdata/rubygems-versions.tsv"),
            new Case("NuGet", "nuget/testdata/nuget-versions.tsv"),
            new Case("Packagist", "composer/testdata/composer-versions.tsv"));
    long pairs = 0;
    for (Case c : cases) {
      VersionScheme s = VersionSchemes.forEcosystem(c.ecosystem()).orElseThrow();
      Set<String> versions = new LinkedHashSet<>();
      for (VersionVectors.Vector v : VersionVectors.load(VersionKeyTest.class, c.resource())) {
        versions.add(v.a());
        versions.add(v.b());
      }
      List<String> valid = new ArrayList<>();
      for (String v : versions) {
        if (s.isValid(v)) {
          valid.add(v);
        }
      }
      List<Object> keys = valid.stream().map(s::key).toList();
      for (int i = 0; i < valid.size(); i++) {
        for (int j = 0; j < valid.size(); j++) {
          assertThat(s.compareKeys(keys.get(i), keys.get(j)))
              .as("%s: %s vs %s", c.ecosystem(), valid.get(i), valid.get(j))
              .isEqualTo(s.compare(valid.get(i), valid.get(j)));
          pairs++;
        }
      }
      assertThat(valid).as(c.resource()).hasSizeGreaterThan(10);
    }
    assertThat(pairs).isGreaterThan(10_000);
  }
}
