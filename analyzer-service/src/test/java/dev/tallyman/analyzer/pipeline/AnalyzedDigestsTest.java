package dev.tallyman.analyzer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.Sbom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnalyzedDigestsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ImageLocation A1 = loc("r", "app", "1");
  private static final ImageLocation A2 = loc("r", "app", "2");
  private static final ImageLocation B1 = loc("r2", "mirror/app", "1");

  private static ImageLocation loc(String registry, String repository, String tag) {
    return ImageLocation.newBuilder()
        .setRegistry(registry)
        .setRepository(repository)
        .setTag(tag)
        .build();
  }

  private static Sbom sbom(String digest, int packages) {
    return Sbom.newBuilder().setImageDigest(digest).setSbomId("x".repeat(packages)).build();
  }

  @Test
  void entriesExpireAfterTheWindow() {
    AnalyzedDigests d = new AnalyzedDigests(Duration.ofMinutes(10), 1 << 20);
    d.put("d1", T0, Set.of(A1), List.of(sbom("d1", 1)), List.of());

    assertThat(d.recent("d1", T0.plusSeconds(599))).isPresent();
    assertThat(d.recent("d1", T0.plusSeconds(601))).isEmpty();
    assertThat(d.size()).isZero();
  }

  @Test
  void boundedByBytesLeastRecentlyUsedFirst() {
    AnalyzedDigests d = new AnalyzedDigests(Duration.ofHours(1), 250);
    d.put("d1", T0, Set.of(A1), List.of(sbom("d1", 100)), List.of());
    d.put("d2", T0, Set.of(A1), List.of(sbom("d2", 100)), List.of());
    d.recent("d1", T0); // d1 is now the most recently used
    d.put("d3", T0, Set.of(A1), List.of(sbom("d3", 100)), List.of());
    d.put("huge", T0, Set.of(A1), List.of(sbom("huge", 1000)), List.of());

    assertThat(d.recent("d2", T0)).isEmpty();
    assertThat(d.recent("d1", T0)).isPresent();
    assertThat(d.recent("d3", T0)).isPresent();
    assertThat(d.recent("huge", T0)).isEmpty();
  }

  @Test
  void deletesDetachLocationsAndTheLastOneDropsTheEntry() {
    AnalyzedDigests d = new AnalyzedDigests(Duration.ofHours(1), 1 << 20);
    d.put("d1", T0, Set.of(A1, A2, B1), List.of(), List.of(FindingsReport.getDefaultInstance()));

    d.forget("d1", Set.of(loc("r", "app", ""))); // a digest delete: every tag of that repository
    assertThat(d.recent("d1", T0).orElseThrow().locations()).containsExactly(B1);

    d.forget("d1", Set.of(B1));
    assertThat(d.recent("d1", T0)).isEmpty();
  }

  @Test
  void locationsAreOrderedFirstThenSorted() {
    var e = new AnalyzedDigests.Entry(T0, Set.of(B1, A2, A1), List.of(), List.of(), 0);
    assertThat(e.orderedLocations(A2)).containsExactly(A2, A1, B1);
  }
}
