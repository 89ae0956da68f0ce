package dev.tallyman.advisory.feed;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Per-record parse errors of one update: every one counted, the first {@value #KEPT} kept. */
public final class RecordErrors {
  private static final Logger LOG = LoggerFactory.getLogger(RecordErrors.class);
  static final int KEPT = 100;

  /** One skipped record: its id (or location when no id could be read) and the reason. */
  public record RecordError(String id, String error) {}

  private final List<RecordError> kept = new ArrayList<>();
  private long count;

  public synchronized void add(String id, String error) {
    count++;
    LOG.warn("skipped advisory record {}: {}", id, error);
    if (kept.size() < KEPT) {
      kept.add(new RecordError(id, error));
    }
  }

  public void add(String id, Throwable e) {
    add(id, describe(e));
  }

  public synchronized long count() {
    return count;
  }

  public synchronized List<RecordError> sample() {
    return List.copyOf(kept);
  }

  /** First line of the message with the exception type, never a stack trace. */
  public static String describe(Throwable e) {
    String m = e.getMessage();
    if (m != null) {
      int nl = m.indexOf('\n');
      m = nl > 0 ? m.substring(0, nl) : m;
    }
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
