package dev.tallyman.ingest.payload;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.ingest.distribution.InvalidNotification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
  private static final Instant NOW = Instant.parse("2026-11-28T05:00:00Z");
  private final ReplayWindow window =
      new ReplayWindow(Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void acceptsInsideTheWindowAndRefusesOutside() {
    assertThatCode(() -> window.check(NOW.minus(Duration.ofMinutes(10)), "t"))
        .doesNotThrowAnyException();
    assertThatCode(() -> window.check(NOW.plus(Duration.ofMinutes(10)), "t"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> window.check(NOW.minus(Duration.ofMinutes(10)).minusSeconds(1), "t"))
        .isInstanceOf(InvalidNotification.class)
        .hasMessageStartingWith("t: ")
        .hasMessageContaining("older than the accepted window of PT10M");
    assertThatThrownBy(() -> window.check(NOW.plus(Duration.ofMinutes(10)).plusSeconds(1), "t"))
        .hasMessageContaining("future");
  }

  @Test
  void windowMustBePositive() {
    assertThatThrownBy(() -> new ReplayWindow(Duration.ZERO, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
