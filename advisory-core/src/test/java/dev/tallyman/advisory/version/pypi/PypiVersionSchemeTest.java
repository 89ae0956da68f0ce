package dev.tallyman.advisory.version.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionVectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class PypiVersionSchemeTest {
  private final PypiVersionScheme scheme = new PypiVersionScheme();

  @Test
  void agreesWithEveryVectorBothWays() {
    var vectors = VersionVectors.load(getClass(), "testdata/pypi-versions.tsv");
    assertThat(VersionVectors.disagreements(scheme, vectors)).isEmpty();
  }

  @Test
  void rejectsEveryInvalidVersionWithAReason() {
    List<String[]> rows = VersionVectors.lines(getClass(), "testdata/invalid-versions.txt");
    assertThat(rows).isNotEmpty();
    for (String[] row : rows) {
      assertThatThrownBy(() -> scheme.compare(row[1], "1.0"))
          .as("line " + row[0])
          .isInstanceOf(InvalidVersionException.class)
          .hasMessageContaining("not a PEP 440 version");
    }
  }

  @Test
  void hostileInputIsBoundedAndNumericWithoutOverflow() {
    assertThat(scheme.compare("1." + "9".repeat(200), "1.1" + "0".repeat(200))).isEqualTo(-1);
    VersionVectors.assertBoundedInput(scheme, "1.0".repeat(50_000));
  }
}
