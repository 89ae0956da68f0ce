package dev.tallyman.report.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.Reports;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsQueryTest {
  @Test
  void defaultsWhenNothingIsGiven() {
    FindingsQuery q = FindingsQuery.of(null, null, null, null, null, null, null, null);
    assertThat(q.page()).isZero();
    assertThat(q.size()).isEqualTo(FindingsQuery.DEFAULT_SIZE);
    assertThat(q.severities()).isEmpty();
    assertThat(q.vulnerability()).isNull();
  }

  @Test
  void blankValuesCountAsAbsentAndValuesAreTrimmed() {
    FindingsQuery q = FindingsQuery.of("  ", " openssl ", "", null, null, List.of(), 2, 10);
    assertThat(q.vulnerability()).isNull();
    assertThat(q.packageName()).isEqualTo("openssl");
    assertThat(q.from()).isEqualTo(20);
  }

  @Test
  void severitiesRepeatOrCommaSeparateAndDeduplicate() {
    FindingsQuery q =
        FindingsQuery.of(
            null, null, null, null, null, List.of("HIGH", "critical,high"), null, null);
    assertThat(q.severities()).containsExactly(Severity.SEVERITY_HIGH, Severity.SEVERITY_CRITICAL);
  }

  @Test
  void rejectsBadParametersWithAReason() {
    assertThatThrownBy(
            () -> FindingsQuery.of(null, null, null, null, null, List.of("severe"), null, null))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("unknown severity 'severe'");
    assertThatThrownBy(
            () -> FindingsQuery.of(null, null, null, "sha256:xyz", null, null, null, null))
        .hasMessageContaining("digest");
    assertThatThrownBy(() -> FindingsQuery.of(null, null, null, null, null, null, -1, null))
        .hasMessageContaining("page");
    assertThatThrownBy(() -> FindingsQuery.of(null, null, null, null, null, null, null, 0))
        .hasMessageContaining("size");
    assertThatThrownBy(() -> FindingsQuery.of(null, null, null, null, null, null, null, 501))
        .hasMessageContaining("size");
    assertThatThrownBy(() -> FindingsQuery.of(null, null, null, null, null, null, 20, 500))
        .hasMessageContaining("10000");
    assertThatThrownBy(
            () -> FindingsQuery.of("x".repeat(600), null, null, null, null, null, null, null))
        .hasMessageContaining("vulnerability is longer");
    assertThatThrownBy(() -> FindingsQuery.of(null, "a\u0000b", null, null, null, null, null, null))
        .hasMessageContaining("control characters");
  }

  @Test
  void acceptsTheLastPageInsideTheWindowAndARealDigest() {
    FindingsQuery q = FindingsQuery.of(null, null, null, Reports.digest("x"), null, null, 19, 500);
    assertThat(q.from() + q.size()).isEqualTo(FindingsQuery.MAX_WINDOW);
  }
}
