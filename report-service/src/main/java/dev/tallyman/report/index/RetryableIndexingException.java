package dev.tallyman.report.index;

/**
 * Elasticsearch could not take the documents now (overloaded, shard unavailable, index missing).
 */
public class RetryableIndexingException extends Exception {
  public RetryableIndexingException(String message) {
    super(message);
  }
}
