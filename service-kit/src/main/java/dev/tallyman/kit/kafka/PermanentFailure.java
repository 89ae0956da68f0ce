package dev.tallyman.kit.kafka;

/**
 * A record that can never be processed (malformed, refers to something that does not exist, fails
 * verification). Thrown by record work to skip retries and park the record in the dead-letter topic
 * at once, with this message as the cause.
 */
public class PermanentFailure extends RuntimeException {
  public PermanentFailure(String message) {
    super(message);
  }

  public PermanentFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
