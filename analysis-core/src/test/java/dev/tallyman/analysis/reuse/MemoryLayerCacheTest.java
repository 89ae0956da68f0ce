package dev.tallyman.analysis.reuse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryLayerCacheTest {
  @Test
  void evictsLeastRecentlyUsedBeyondEntryCount() {
    MemoryLayerCache cache = new MemoryLayerCache(2, 1000);
    cache.put("a", new byte[1]);
    cache.put("b", new byte[1]);
    cache.get("a");
    cache.put("c", new byte[1]);
    assertThat(cache.contains("a")).isTrue();
    assertThat(cache.contains("b")).isFalse();
    assertThat(cache.contains("c")).isTrue();
  }

  @Test
  void evictsBeyondTotalBytesAndRefusesOversizedEntries() {
    MemoryLayerCache cache = new MemoryLayerCache(100, 10);
    cache.put("a", new byte[6]);
    cache.put("b", new byte[6]);
    assertThat(cache.contains("a")).isFalse();
    assertThat(cache.contains("b")).isTrue();
    cache.put("huge", new byte[11]);
    assertThat(cache.contains("huge")).isFalse();
    cache.put("b", new byte[2]); // replacing frees the old size
    cache.put("c", new byte[8]);
    assertThat(cache.size()).isEqualTo(2);
  }
}
