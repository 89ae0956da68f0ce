package dev.tallyman.ingest.poll;

/** A registry answered something the poller cannot use; the message never carries credentials. */
public final class RegistryException extends RuntimeException {
  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
