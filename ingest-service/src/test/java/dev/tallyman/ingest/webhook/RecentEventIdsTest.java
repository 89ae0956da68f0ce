package dev.tallyman.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentEventIdsTest {
  @Test
  void remembersUpToCapacityEvictingTheLeastRecentlySeen() {
    RecentEventIds ids = new RecentEventIds(2);
    ids.remember("a");
    ids.remember("b");
    assertThat(ids.contains("a")).isTrue(); // a is now more recent than b
    ids.remember("c");

    assertThat(ids.contains("b")).isFalse();
    assertThat(ids.contains("a")).isTrue();
    assertThat(ids.contains("c")).isTrue();
    assertThat(ids.size()).isEqualTo(2);
  }
}
