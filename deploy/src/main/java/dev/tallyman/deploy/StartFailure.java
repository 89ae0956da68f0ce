package dev.tallyman.deploy;

/** A part of the local stack did not come up; the message carries the reason and the log tail. */
public final class StartFailure extends RuntimeException {
  public StartFailure(String message) {
    super(message);
  }

  public StartFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
