package dev.tallyman.report.search;

/** Elasticsearch could not answer (down, overloaded, index missing); sent as HTTP 503. */
public class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
