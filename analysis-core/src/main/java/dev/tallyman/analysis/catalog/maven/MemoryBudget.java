package dev.tallyman.analysis.catalog.maven;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes that concurrent readers may hold at once. Taking never waits: a reader that gets no share
 * streams instead, so memory stays bounded whatever the number of readers and archive sizes.
 */
final class MemoryBudget {
  private final AtomicLong left;

  MemoryBudget(long bytes) {
    this.left = new AtomicLong(bytes);
  }

  boolean take(long bytes) {
    long now;
    do {
      now = left.get();
      if (bytes > now) {
        return false;
      }
    } while (!left.compareAndSet(now, now - bytes));
    return true;
  }

  void give(long bytes) {
    left.addAndGet(bytes);
  }

  long left() {
    return left.get();
  }
}
