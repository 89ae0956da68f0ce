package dev.tallyman.ingest.payload;

import dev.tallyman.ingest.distribution.InvalidNotification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Refuses events whose own timestamp is further from now than the window, in either direction: a
 * captured delivery replayed later is refused even with a valid secret, and a sender's clock that
 * runs far ahead cannot pre-date replays.
 */
public final class ReplayWindow {
  private final Duration window;
  private final Clock clock;

  public ReplayWindow(Duration window, Clock clock) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("replay window must be positive");
    }
    this.window = window;
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }

  public Duration window() {
    return window;
  }

  /**
   * @param path the JSON path of the timestamp, for the reason
   * @throws InvalidNotification when {@code occurred} lies outside now ± window
   */
  public void check(Instant occurred, String path) {
    Instant now = clock.instant();
    if (occurred.isBefore(now.minus(window))) {
      throw new InvalidNotification(
          path + ": " + occurred + " is older than the accepted window of " + window);
    }
    if (occurred.isAfter(now.plus(window))) {
      throw new InvalidNotification(
          path + ": " + occurred + " lies further in the future than " + window);
    }
  }
}
