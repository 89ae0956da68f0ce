package dev.tallyman.ingest.rescan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RescanPlanTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final Map<String, String> KNOWN =
      Map.of(
          "team/app:1.0", A,
          "team/app:latest", A,
          "team/app-old:1.0", A,
          "team/lib:2", B,
          "other/x:1", B);

  @Test
  void oneBulkEventPerDigestWithEveryLocationUnderThePrefix() {
    List<ImageEvent> events =
        RescanPlan.events("r1", "reg.example:5000", KNOWN, "team", Instant.EPOCH);

    assertThat(events).extracting(ImageEvent::getDigest).containsExactly(A, B);
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.getPriority()).isEqualTo(Priority.PRIORITY_BULK);
              assertThat(e.getSource()).isEqualTo(EventSource.EVENT_SOURCE_RESCAN);
              assertThat(e.getRegistry()).isEqualTo("reg.example:5000");
            });
    assertThat(events.get(0).getLocationsList())
        .extracting(l -> l.getRepository() + ":" + l.getTag())
        .containsExactlyInAnyOrder("team/app:1.0", "team/app:latest", "team/app-old:1.0");
    assertThat(events.get(1).getLocationsList())
        .extracting(l -> l.getRepository() + ":" + l.getTag())
        .containsExactly("team/lib:2");
  }

  @Test
  void prefixMatchesWholePathSegmentsOnly() {
    assertThat(
            RescanPlan.events("r", "h", KNOWN, "team/app", Instant.EPOCH).get(0).getLocationsList())
        .extracting(l -> l.getRepository() + ":" + l.getTag())
        .containsExactlyInAnyOrder("team/app:1.0", "team/app:latest");
    assertThat(RescanPlan.events("r", "h", KNOWN, "", Instant.EPOCH))
        .extracting(ImageEvent::getLocationsCount)
        .containsExactly(3, 2);
    assertThat(RescanPlan.events("r", "h", KNOWN, "nothing", Instant.EPOCH)).isEmpty();
  }

  @Test
  void idsAreDeterministicPerRescanAndDigest() {
    var first = RescanPlan.events("r1", "h", KNOWN, "", Instant.EPOCH);
    var again = RescanPlan.events("r1", "h", KNOWN, "", Instant.EPOCH);
    var other = RescanPlan.events("r2", "h", KNOWN, "", Instant.EPOCH);
    assertThat(first)
        .extracting(ImageEvent::getEventId)
        .isEqualTo(again.stream().map(ImageEvent::getEventId).toList());
    assertThat(first.get(0).getEventId()).isNotEqualTo(other.get(0).getEventId());
  }

  @Test
  void badPrefixesAreRefused() {
    assertThatThrownBy(() -> RescanPlan.events("r", "h", KNOWN, "../etc", Instant.EPOCH))
        .isInstanceOf(InvalidNotification.class)
        .hasMessageContaining("repositoryPrefix");
    assertThatThrownBy(() -> RescanPlan.events("r", "h", KNOWN, "Team", Instant.EPOCH))
        .isInstanceOf(InvalidNotification.class);
  }
}
