package dev.tallyman.report.index;

/** A findings report that can never be indexed: malformed or missing what identifies it. */
public class InvalidReportException extends Exception {
  public InvalidReportException(String message) {
    super(message);
  }

  public InvalidReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
