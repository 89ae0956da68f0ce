package dev.tallyman.advisory.feed.nvd;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code capacity} requests per {@code period}, refilled continuously. NVD allows 5
 * requests per rolling 30 s without an API key and 50 with one.
 */
public final class TokenBucket {

  /** Blocks the caller; a test passes one that advances a fake clock instead. */
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final double capacity;
  private final double tokensPerNano;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double tokens;
  private long last;

  public TokenBucket(int capacity, Duration period, LongSupplier nanoTime, Sleeper sleeper) {
    this.capacity = capacity;
    this.tokensPerNano = capacity / (double) period.toNanos();
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.tokens = capacity;
    this.last = nanoTime.getAsLong();
  }

  public static TokenBucket forNvd(boolean withApiKey) {
    return new TokenBucket(
        withApiKey ? 50 : 5,
        Duration.ofSeconds(30),
        System::nanoTime,
        n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
  }

  /** Takes one token, waiting until one is available. */
  public synchronized void acquire() throws InterruptedException {
    refill();
    while (tokens < 1.0) {
      long wait = (long) Math.ceil((1.0 - tokens) / tokensPerNano);
      sleeper.sleepNanos(wait);
      refill();
    }
    tokens -= 1.0;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
    last = now;
  }
}
