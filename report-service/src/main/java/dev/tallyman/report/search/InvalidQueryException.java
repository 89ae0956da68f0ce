package dev.tallyman.report.search;

/** A search request that cannot be answered as asked; the message says why (sent as HTTP 400). */
public class InvalidQueryException extends RuntimeException {
  public InvalidQueryException(String message) {
    super(message);
  }
}
