package dev.tallyman.advisory.version.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import dev.tallyman.advisory.version.VersionSchemes;
import dev.tallyman.advisory.version.VersionVectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MavenVersionSchemeTest {
  private final VersionScheme scheme = VersionSchemes.forEcosystem("Maven").orElseThrow();

  @Test
  void everyVectorHoldsBothWays() {
    List<VersionVectors.Vector> vectors =
        VersionVectors.load(getClass(), "testdata/maven-versions.tsv");
    assertThat(vectors).hasSizeGreaterThan(30);
    List<String> failures = new ArrayList<>();
    for (VersionVectors.Vector v : vectors) {
      int got = scheme.compare(v.a(), v.b());
      int back = scheme.compare(v.b(), v.a());
      if (got != v.expected() || back != -v.expected()) {
        failures.add(v + " but got " + got + "/" + back);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void rejectsWhatNoRepositoryCanHold() {
    for (String bad : new String[] {"", "1.0 beta", "1.0\n", "../1.0", "a".repeat(300)}) {
      assertThatThrownBy(() -> scheme.compare(bad, "1.0"))
          .isInstanceOf(InvalidVersionException.class);
    }
    assertThat(scheme.isValid("2.0-beta9")).isTrue();
  }
}
