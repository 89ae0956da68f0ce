package dev.tallyman.report.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.report.index.FindingDocuments;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private static final ReportVersion R1 =
      new ReportVersion(Instant.parse("2024-01-01T00:00:00Z"), "r1");
  private static final ReportVersion R2 =
      new ReportVersion(Instant.parse("2024-02-01T00:00:00Z"), "r2");
  private static final ReportVersion R3 =
      new ReportVersion(Instant.parse("2024-03-01T00:00:00Z"), "r3");

  private static Map<String, Object> incoming(String reportId) {
    Map<String, Object> d = new LinkedHashMap<>();
    FindingDocuments.put(d, "vulnerability.id", "CVE-1");
    FindingDocuments.put(d, "tallyman.report.id", reportId);
    return d;
  }

  private static Object get(Map<String, ?> d, String path) {
    return FindingDocuments.get(d, path);
  }

  @Test
  void aNewFindingOpensWithATransition() {
    Lifecycle.Outcome o = Lifecycle.listed("f", incoming("r1"), null, R1);
    assertThat(get(o.source(), Lifecycle.STATUS)).isEqualTo("open");
    assertThat(get(o.source(), Lifecycle.FIRST_SEEN)).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(o.transition())
        .contains(new Transition("f", FindingStatus.OPEN, R1.generatedAt(), "r1"));
  }

  @Test
  void aStillListedFindingKeepsStatusAndFirstSeenWithoutTransition() {
    Map<String, Object> first = Lifecycle.listed("f", incoming("r1"), null, R1).source();
    Lifecycle.Outcome o = Lifecycle.listed("f", incoming("r2"), first, R2);
    assertThat(get(o.source(), Lifecycle.STATUS)).isEqualTo("open");
    assertThat(get(o.source(), Lifecycle.FIRST_SEEN)).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(get(o.source(), Lifecycle.LAST_SEEN)).isEqualTo("2024-02-01T00:00:00Z");
    assertThat(o.transition()).isEmpty();
  }

  @Test
  void theSameReportAgainWritesTheSameDocument() {
    Map<String, Object> first = Lifecycle.listed("f", incoming("r1"), null, R1).source();
    Lifecycle.Outcome again = Lifecycle.listed("f", incoming("r1"), first, R1);
    assertThat(again.source()).isEqualTo(first);
    // the report that opened it repeats the same transition (a retry must not lose the entry)
    assertThat(again.transition())
        .contains(new Transition("f", FindingStatus.OPEN, R1.generatedAt(), "r1"));
    Map<String, Object> second = Lifecycle.listed("f", incoming("r2"), first, R2).source();
    assertThat(Lifecycle.listed("f", incoming("r2"), second, R2).transition()).isEmpty();
  }

  @Test
  void aFixedFindingThatComesBackIsReopened() {
    Map<String, Object> stored = Lifecycle.listed("f", incoming("r1"), null, R1).source();
    Map<String, Object> fixed = FindingDocuments.deepCopy(stored);
    Map<String, Object> patch = Lifecycle.fixedPatch(R2);
    FindingDocuments.put(fixed, Lifecycle.STATUS, get(patch, Lifecycle.STATUS));
    FindingDocuments.put(fixed, Lifecycle.FIXED_AT, get(patch, Lifecycle.FIXED_AT));
    assertThat(Lifecycle.active(fixed)).isFalse();

    Lifecycle.Outcome o = Lifecycle.listed("f", incoming("r3"), fixed, R3);
    assertThat(get(o.source(), Lifecycle.STATUS)).isEqualTo("reopened");
    assertThat(get(o.source(), Lifecycle.FIRST_SEEN)).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(get(o.source(), Lifecycle.STATUS_SINCE)).isEqualTo("2024-03-01T00:00:00Z");
    assertThat(get(o.source(), Lifecycle.FIXED_AT)).isNull();
    assertThat(o.transition().orElseThrow().status()).isEqualTo(FindingStatus.REOPENED);
  }

  @Test
  void reportsAreOrderedByTimeThenId() {
    ReportVersion sameTimeA = new ReportVersion(R1.generatedAt(), "a");
    ReportVersion sameTimeB = new ReportVersion(R1.generatedAt(), "b");
    assertThat(R1.olderThan(R2)).isTrue();
    assertThat(R2.olderThan(R1)).isFalse();
    assertThat(sameTimeA.olderThan(sameTimeB)).isTrue();
    assertThat(R1.olderThan(null)).isFalse();
  }

  @Test
  void documentsFromBeforeTheLifecycleCountAsOpen() {
    Map<String, Object> legacy = incoming("r0");
    assertThat(Lifecycle.active(legacy)).isTrue();
    Lifecycle.Outcome o = Lifecycle.listed("f", incoming("r1"), legacy, R1);
    assertThat(get(o.source(), Lifecycle.STATUS)).isEqualTo("open");
    assertThat(o.transition()).isEmpty();
  }
}
