package dev.tallyman.ingest.distribution;

/**
 * The notification cannot be accepted as a whole. The message names the JSON path that is wrong
 * (e.g. {@code events[2].target.digest}) so the registry operator can find it in the registry log.
 */
public final class InvalidNotification extends RuntimeException {
  public InvalidNotification(String reason) {
    super(reason);
  }

  public InvalidNotification(String reason, Throwable cause) {
    super(reason, cause);
  }
}
