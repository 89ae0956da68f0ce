package dev.tallyman.ingest.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last {@code capacity} published events, least recently seen evicted first. A
 * registry that redelivers (or an attacker who replays) within that horizon gets 202 without a
 * second publish; beyond it the deterministic event id still lets downstream deduplicate.
 */
public final class RecentEventIds {
  private final Map<String, Boolean> ids;

  public RecentEventIds(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.ids =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  public synchronized boolean contains(String eventId) {
    return ids.get(eventId) != null; // get (not containsKey) refreshes its recency
  }

  public synchronized void remember(String eventId) {
    ids.put(eventId, Boolean.TRUE);
  }

  public synchronized int size() {
    return ids.size();
  }
}
