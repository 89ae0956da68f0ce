package dev.tallyman.report.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocationMergeTest {
  private static final Location A1 = new Location("r1", "payments/api", "1.0");
  private static final Location A2 = new Location("r1", "payments/api", "2.0");
  private static final Location B = new Location("r2", "shop/web", "latest");

  @Test
  void carriesStoredLocationsOverNewestLast() {
    FindingDocument fresh = doc(List.of(A2));
    List<FindingDocument> out = LocationMerge.merge(List.of(fresh), Map.of("x", source(A1, B)));
    assertThat(Locations.stored(out.get(0).source())).containsExactly(A1, B, A2);
    Map<String, Object> s = out.get(0).source();
    assertThat(FindingDocuments.get(s, Locations.REPOSITORY))
        .isEqualTo(List.of("payments/api", "shop/web"));
    assertThat(FindingDocuments.get(s, Locations.NAME))
        .isEqualTo(List.of("r1/payments/api", "r2/shop/web"));
    assertThat(FindingDocuments.get(s, Locations.TAG)).isEqualTo(List.of("1.0", "latest", "2.0"));
    assertThat(FindingDocuments.get(s, Locations.REGISTRY)).isEqualTo(List.of("r1", "r2"));
  }

  @Test
  void mergesWithinOneBatch() {
    List<FindingDocument> out =
        LocationMerge.merge(List.of(doc(List.of(A1)), doc(List.of(B))), Map.of());
    assertThat(Locations.stored(out.get(1).source())).containsExactly(A1, B);
  }

  @Test
  void leavesOutRemovedLocations() {
    List<FindingDocument> out =
        LocationMerge.merge(
            List.of(doc(List.of(A1, A2, B))),
            Map.of(),
            d -> List.of(new Location("r1", "payments/api", "")));
    assertThat(Locations.stored(out.get(0).source())).containsExactly(B);
  }

  @Test
  void readsDocumentsFromBeforeTheLocationList() {
    Map<String, Object> legacy = new LinkedHashMap<>();
    FindingDocuments.put(legacy, "tallyman.image.registry", "r1");
    FindingDocuments.put(legacy, "tallyman.image.repository", "payments/api");
    FindingDocuments.put(legacy, "container.image.tag", List.of("1.0", "2.0"));
    assertThat(Locations.stored(legacy)).containsExactly(A1, A2);
  }

  @Test
  void keepsAtMostTheNewest() {
    List<Location> many =
        java.util.stream.IntStream.range(0, Locations.MAX + 10)
            .mapToObj(i -> new Location("r", "repo", "t" + i))
            .toList();
    List<Location> out = Locations.merge(List.of(), many);
    assertThat(out).hasSize(Locations.MAX);
    assertThat(out.get(out.size() - 1).tag()).isEqualTo("t" + (Locations.MAX + 9));
  }

  private static FindingDocument doc(List<Location> locations) {
    Map<String, Object> s = new LinkedHashMap<>();
    Locations.put(s, locations);
    return new FindingDocument("x", s);
  }

  private static Map<String, Object> source(Location... locations) {
    Map<String, Object> s = new LinkedHashMap<>();
    Locations.put(s, List.of(locations));
    return s;
  }
}
