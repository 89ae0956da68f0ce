package dev.tallyman.kit.kafka;

import java.time.Duration;

final class Backoff {
  private Backoff() {}

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during backoff", e);
    }
  }
}
