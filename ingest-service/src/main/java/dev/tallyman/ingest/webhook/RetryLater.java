package dev.tallyman.ingest.webhook;

/**
 * A delivery is fine but something it needs is unavailable right now (a signing certificate, a
 * subscription confirmation URL): the intake answers 503 so the sender retries.
 */
public final class RetryLater extends RuntimeException {
  public RetryLater(String reason) {
    super(reason);
  }
}
