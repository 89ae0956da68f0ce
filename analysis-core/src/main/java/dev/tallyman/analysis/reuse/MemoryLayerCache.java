package dev.tallyman.analysis.reuse;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A least-recently-used cache bounded by entry count and total bytes. Thread-safe. */
public final class MemoryLayerCache implements LayerCache {
  private final int maxEntries;
  private final long maxBytes;
  private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  public MemoryLayerCache(int maxEntries, long maxBytes) {
    if (maxEntries < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("cache bounds must be positive");
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  @Override
  public synchronized Optional<byte[]> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  @Override
  public synchronized void put(String key, byte[] entry) {
    if (entry.length > maxBytes) {
      return;
    }
    remove(key);
    entries.put(key, entry);
    bytes += entry.length;
    Iterator<Map.Entry<String, byte[]>> eldest = entries.entrySet().iterator();
    while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
      bytes -= eldest.next().getValue().length;
      eldest.remove();
    }
  }

  public synchronized void remove(String key) {
    byte[] old = entries.remove(key);
    if (old != null) {
      bytes -= old.length;
    }
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized boolean contains(String key) {
    return entries.containsKey(key);
  }
}
