package dev.tallyman.advisory.feed;

import dev.tallyman.advisory.osv.OsvRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one feed's last good data and applies updates to it: a full update replaces, an incremental
 * one upserts and deletes, a failed one changes nothing but the status (so an outage keeps serving
 * the last good data and shows up as an error and growing staleness).
 */
public final class FeedRunner {
  private static final Logger LOG = LoggerFactory.getLogger(FeedRunner.class);

  private final Feed feed;
  private final Clock clock;
  private Map<String, OsvRecord> records = Map.of();
  private Map<String, Enrichment> enrichments = Map.of();
  private String cursor;
  private Instant lastAttempt;
  private Instant lastSuccess;
  private long rejected;
  private String lastError = "";
  private List<RecordErrors.RecordError> recentRejects = List.of();
  private long generation;

  public FeedRunner(Feed feed, Clock clock, String initialCursor) {
    this.feed = feed;
    this.clock = clock;
    this.cursor = initialCursor;
  }

  public FeedRunner(Feed feed) {
    this(feed, Clock.systemUTC(), null);
  }

  /**
   * Starts from data persisted elsewhere (the replicated advisories topic): the next {@link
   * #sync()} continues from {@code cursor} on top of these records instead of importing everything.
   */
  public synchronized void restore(
      Collection<OsvRecord> saved,
      Collection<Enrichment> savedEnrichments,
      String savedCursor,
      Instant savedLastSuccess) {
    Map<String, OsvRecord> r = new LinkedHashMap<>();
    saved.forEach(x -> r.put(x.id(), x));
    Map<String, Enrichment> e = new LinkedHashMap<>();
    savedEnrichments.forEach(x -> e.put(x.vulnerabilityId(), x));
    records = r;
    enrichments = e;
    cursor = savedCursor;
    lastSuccess = savedLastSuccess;
  }

  public Feed feed() {
    return feed;
  }

  /** Runs one update; returns true when it succeeded. Never throws for feed failures. */
  public synchronized boolean sync() {
    lastAttempt = clock.instant();
    FeedUpdate u;
    try {
      u = feed.update(cursor);
    } catch (Exception e) {
      lastError = RecordErrors.describe(e);
      LOG.warn("feed {} update failed, keeping last good data: {}", feed.name(), lastError);
      return false;
    }
    apply(u);
    lastSuccess = clock.instant();
    lastError = "";
    LOG.info(
        "feed {} {}: {} records, {} enrichments, {} rejected",
        feed.name(),
        u.kind(),
        records.size(),
        enrichments.size(),
        u.errors().count());
    return true;
  }

  private void apply(FeedUpdate u) {
    switch (u.kind()) {
      case UNCHANGED -> {
        cursor = u.cursor();
        return;
      }
      case FULL -> {
        generation++;
        Map<String, OsvRecord> r = new LinkedHashMap<>();
        u.records().forEach(x -> r.put(x.id(), x));
        Map<String, Enrichment> e = new LinkedHashMap<>();
        u.enrichments().forEach(x -> e.put(x.vulnerabilityId(), x));
        records = r;
        enrichments = e;
      }
      case INCREMENTAL -> {
        generation++;
        Map<String, OsvRecord> r = new LinkedHashMap<>(records);
        u.deleted().forEach(r::remove);
        u.records().forEach(x -> r.put(x.id(), x));
        Map<String, Enrichment> e = new LinkedHashMap<>(enrichments);
        u.enrichments().forEach(x -> e.put(x.vulnerabilityId(), x));
        records = r;
        enrichments = e;
      }
    }
    rejected = u.errors().count();
    recentRejects = u.errors().sample();
    cursor = u.cursor();
  }

  public synchronized Collection<OsvRecord> records() {
    return List.copyOf(records.values());
  }

  public synchronized Collection<Enrichment> enrichments() {
    return List.copyOf(enrichments.values());
  }

  /** Increases whenever an update changed (or may have changed) the data; UNCHANGED keeps it. */
  public synchronized long generation() {
    return generation;
  }

  /** The cursor to persist next to the data. */
  public synchronized String cursor() {
    return cursor;
  }

  public synchronized FeedStatus status() {
    return new FeedStatus(
        feed.name(),
        feed.location(),
        lastAttempt,
        lastSuccess,
        records.size(),
        enrichments.size(),
        rejected,
        lastError,
        recentRejects,
        cursor);
  }
}
