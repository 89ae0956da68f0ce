package dev.tallyman.advisory.feed;

import dev.tallyman.advisory.osv.OsvRecord;
import java.util.List;

/**
 * The result of one {@link Feed#update}: records to upsert (or the whole new set when {@link
 * Kind#FULL}), ids deleted upstream, enrichments, per-record errors and the cursor to persist.
 */
public record FeedUpdate(
    String feed,
    Kind kind,
    List<OsvRecord> records,
    List<String> deleted,
    List<Enrichment> enrichments,
    RecordErrors errors,
    String cursor) {

  public enum Kind {
    /** Replaces everything the feed produced before. */
    FULL,
    /** Upserts {@link #records()} and removes {@link #deleted()}. */
    INCREMENTAL,
    /** Nothing changed upstream since the cursor. */
    UNCHANGED
  }

  public FeedUpdate {
    records = List.copyOf(records);
    deleted = List.copyOf(deleted);
    enrichments = List.copyOf(enrichments);
  }

  public static FeedUpdate unchanged(String feed, String cursor) {
    return new FeedUpdate(
        feed, Kind.UNCHANGED, List.of(), List.of(), List.of(), new RecordErrors(), cursor);
  }

  public static FeedUpdate full(
      String feed, List<OsvRecord> records, RecordErrors errors, String cursor) {
    return new FeedUpdate(feed, Kind.FULL, records, List.of(), List.of(), errors, cursor);
  }

  public static FeedUpdate fullEnrichment(
      String feed, List<Enrichment> enrichments, RecordErrors errors, String cursor) {
    return new FeedUpdate(feed, Kind.FULL, List.of(), List.of(), enrichments, errors, cursor);
  }
}
