package dev.tallyman.report.index;

import java.util.Map;

/**
 * What a bulk write did. Retryable item failures never show up here: they make the whole write
 * throw, so it is repeated.
 *
 * @param indexed documents written
 * @param rejected document id -> reason, for documents Elasticsearch will never accept
 */
public record BulkOutcome(int indexed, Map<String, String> rejected) {
  public BulkOutcome {
    rejected = Map.copyOf(rejected);
  }
}
