package dev.tallyman.ingest.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.contracts.Topics;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.Priority;
import org.junit.jupiter.api.Test;

class LanesTest {
  private final Lanes lanes = new Lanes(new Topics("t"));

  @Test
  void pushesAndOnDemandGoToThePriorityLaneEverythingBulkToTheBulkLane() {
    assertThat(lanes.topicFor(event(Priority.PRIORITY_HIGH))).isEqualTo("t.image-events");
    assertThat(lanes.topicFor(event(Priority.PRIORITY_BULK))).isEqualTo("t.image-events-bulk");
    // unspecified (an older producer) must never slow down a push
    assertThat(lanes.topicFor(event(Priority.PRIORITY_UNSPECIFIED))).isEqualTo("t.image-events");
  }

  @Test
  void ownLocationIsAddedFirstAndOnlyOnce() {
    ImageLocation other =
        ImageLocation.newBuilder().setRegistry("r2").setRepository("x").setTag("2").build();
    ImageEvent e = event(Priority.PRIORITY_HIGH).toBuilder().addLocations(other).build();

    ImageEvent once = Lanes.withOwnLocation(e);
    ImageEvent twice = Lanes.withOwnLocation(once);

    assertThat(once.getLocationsList())
        .extracting(l -> l.getRegistry() + "/" + l.getRepository() + ":" + l.getTag())
        .containsExactly("r/app:1", "r2/x:2");
    assertThat(twice).isEqualTo(once);
  }

  @Test
  void keyIsTheDigestElseTheTagReference() {
    assertThat(Lanes.key(event(Priority.PRIORITY_HIGH))).isEqualTo("r/app:1");
    assertThat(Lanes.key(event(Priority.PRIORITY_HIGH).toBuilder().setDigest("sha256:x").build()))
        .isEqualTo("sha256:x");
  }

  private static ImageEvent event(Priority p) {
    return ImageEvent.newBuilder()
        .setRegistry("r")
        .setRepository("app")
        .setTag("1")
        .setPriority(p)
        .build();
  }
}
