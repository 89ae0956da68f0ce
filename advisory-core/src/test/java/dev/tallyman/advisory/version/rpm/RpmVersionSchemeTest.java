package dev.tallyman.advisory.version.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionVectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RpmVersionSchemeTest {
  private final RpmVersionScheme scheme = new RpmVersionScheme("Red Hat");

  @Test
  void agreesWithEveryVectorBothWays() {
    List<String> failures = new ArrayList<>();
    for (VersionVectors.Vector v : VersionVectors.load(getClass(), "testdata/rpm-versions.tsv")) {
      if (scheme.compare(v.a(), v.b()) != v.expected()
          || scheme.compare(v.b(), v.a()) != -v.expected()) {
        failures.add(v + " but got " + scheme.compare(v.a(), v.b()));
      }
    }
    assertThat(failures).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", ":1.0", "1:", "1.0-", "a:1.0", "1:2:3", "1.0 1", "1.\t0", "1.0-1-\u00e9"})
  void rejectsInvalidWithReason(String v) {
    assertThatThrownBy(() -> scheme.compare(v, "1.0"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("invalid version");
  }

  @Test
  void hostileInputIsBoundedAndNumericWithoutOverflow() {
    String huge = "9".repeat(200);
    assertThat(scheme.compare(huge + "-1", "1" + "0".repeat(200) + "-1")).isEqualTo(-1);
    assertThat(scheme.compare("0000" + huge, huge)).isZero();
    assertThatThrownBy(() -> scheme.validate("1".repeat(100_000)))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("longer than");
    assertThatThrownBy(() -> scheme.validate(null)).isInstanceOf(InvalidVersionException.class);
  }
}
