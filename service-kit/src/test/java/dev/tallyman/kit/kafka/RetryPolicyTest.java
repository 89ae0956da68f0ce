package dev.tallyman.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void delaysDoubleUpToTheCap() {
    RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(500));
    assertThat(p.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.delayAfter(4)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.delayAfter(1000)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void boundedPolicyIsExhaustedAfterMaxAttemptsForeverNever() {
    RetryPolicy bounded = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
    assertThat(bounded.exhausted(2)).isFalse();
    assertThat(bounded.exhausted(3)).isTrue();
    RetryPolicy forever = RetryPolicy.forever(Duration.ofMillis(1), Duration.ofSeconds(1));
    assertThat(forever.exhausted(Integer.MAX_VALUE)).isFalse();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deadLetterReasonNamesTheWholeCauseChain() {
    Exception e =
        new PermanentFailure("image gone", new IllegalStateException("404 from registry"));
    assertThat(DeadLetters.describe(e)).isEqualTo("image gone <- 404 from registry");
    Exception wrapped = new PermanentFailure("bad tar", new java.io.IOException("bad tar"));
    assertThat(DeadLetters.describe(wrapped)).isEqualTo("bad tar");
  }
}
