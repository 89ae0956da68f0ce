package dev.tallyman.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.proto.v1.ImageEvent;
import org.junit.jupiter.api.Test;

class WebhookIntakeKeyTest {
  private static final String DIGEST =
      "sha256:c7f3cdd9a11c9c9058f1930ccd4689562253d6ef94fbcc086f5ce8920cb02abc";

  @Test
  void digestIsTheKeyWhenKnownElseTheTagReference() {
    ImageEvent.Builder event =
        ImageEvent.newBuilder().setRegistry("quay.io").setRepository("team/app").setTag("v1");

    assertThat(WebhookIntake.key(event.build())).isEqualTo("quay.io/team/app:v1");
    assertThat(WebhookIntake.key(event.setDigest(DIGEST).build())).isEqualTo(DIGEST);
  }
}
