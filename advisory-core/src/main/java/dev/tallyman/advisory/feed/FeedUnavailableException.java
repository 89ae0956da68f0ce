package dev.tallyman.advisory.feed;

import java.io.IOException;

/** The source failed as a whole (HTTP error, truncated or corrupt download): nothing applied. */
public class FeedUnavailableException extends IOException {
  public FeedUnavailableException(String message) {
    super(message);
  }

  public FeedUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
