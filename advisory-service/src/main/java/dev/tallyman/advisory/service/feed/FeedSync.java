package dev.tallyman.advisory.service.feed;

import dev.tallyman.advisory.feed.FeedRunner;
import dev.tallyman.advisory.service.replica.ReplicaState;
import dev.tallyman.advisory.service.replica.Replication;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every configured feed ({@code tallyman.feeds.*}) on its interval, one at a time on one
 * background thread, and rebuilds the match index after each sync. A failed sync keeps the last
 * good data (see {@link FeedRunner}); FeedStatus shows the error and the growing staleness.
 *
 * <p>Roles ({@code tallyman.advisories.roles}, default {@code sync,serve}): without {@code sync} no
 * feed runs here. With replication on (ADR 0017), the sync role resumes every feed from the
 * materialized topic (records and cursor), publishes what changed after each sync, and the serve
 * role answers from the materialized topic, so every replica serves the same data.
 */
@Context
public class FeedSync {
  private static final Logger LOG = LoggerFactory.getLogger(FeedSync.class);

  private final AdvisoryStore store;
  private final Map<String, FeedRunner> runners = new LinkedHashMap<>();
  private final Map<String, Duration> maxAges = new LinkedHashMap<>();
  private final List<FeedConfig> configs;
  private final Replication replication;
  private final boolean syncRole;
  private final boolean serveRole;
  private final Duration loadTimeout;
  private ScheduledExecutorService scheduler;

  public FeedSync(
      AdvisoryStore store,
      Collection<FeedConfig> configs,
      @Nullable Replication replication,
      @Value("${tallyman.advisories.roles:sync,serve}") List<String> roles,
      @Value("${tallyman.advisories.replication.load-timeout:10m}") Duration loadTimeout) {
    this.store = store;
    Set<String> r = new HashSet<>();
    roles.forEach(x -> r.add(x.trim().toLowerCase(Locale.ROOT)));
    for (String x : r) {
      if (!x.equals("sync") && !x.equals("serve")) {
        throw new IllegalArgumentException(
            "tallyman.advisories.roles: unknown role " + x + " (sync, serve)");
      }
    }
    this.syncRole = r.contains("sync");
    this.serveRole = r.contains("serve");
    this.replication = replication;
    this.loadTimeout = loadTimeout;
    this.configs = syncRole ? configs.stream().filter(FeedConfig::isEnabled).toList() : List.of();
  }

  @PostConstruct
  void start() throws InterruptedException {
    if (replication != null) {
      long t0 = System.nanoTime();
      if (!replication.awaitLoaded(loadTimeout)) {
        LOG.warn("advisories topic not fully materialized after {}; serving what is", loadTimeout);
      }
      LOG.info(
          "advisories topic materialized in {} ms: {} records",
          (System.nanoTime() - t0) / 1_000_000,
          replication.state().recordCount());
      if (serveRole) {
        store.attachReplica(replication.state());
      }
    }
    List<AdvisoryStore.Runner> attached = new ArrayList<>();
    for (FeedConfig c : configs) {
      FeedRunner r = new FeedRunner(FeedFactory.create(c));
      if (replication != null) {
        restore(c.getName(), r);
      }
      runners.put(c.getName(), r);
      maxAges.put(c.getName(), c.getMaxAge());
      attached.add(new AdvisoryStore.Runner(r, c.getMaxAge()));
    }
    if (replication == null || !serveRole) {
      store.attach(attached);
    }
    store.rebuild();
    if (configs.isEmpty()) {
      if (!syncRole) {
        LOG.info("serve role only: no feed is synced by this replica");
      }
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            t -> {
              Thread th = new Thread(t, "feed-sync");
              th.setDaemon(true);
              return th;
            });
    for (FeedConfig c : configs) {
      scheduler.scheduleWithFixedDelay(
          () -> syncNow(c.getName()), 0, c.getInterval().toMillis(), TimeUnit.MILLISECONDS);
    }
    LOG.info("syncing {} advisory feeds: {}", configs.size(), runners.keySet());
  }

  /** Syncs one feed now and swaps in a new index; false when the feed failed or is unknown. */
  public boolean syncNow(String name) {
    FeedRunner r = runners.get(name);
    if (r == null) {
      return false;
    }
    try {
      boolean ok = r.sync();
      if (replication != null) {
        try {
          replication.publish(name, r, maxAges.get(name));
        } catch (RuntimeException e) {
          // the topic keeps the previous data; the next sync publishes the difference again
          LOG.error("feed {} could not be published to the advisories topic", name, e);
          ok = false;
        }
      }
      store.rebuild();
      return ok;
    } catch (RuntimeException e) {
      // never let one feed kill the scheduler thread
      LOG.error("feed {} sync crashed", name, e);
      return false;
    }
  }

  /** Continues from the topic: the records, enrichments and cursor the sync side last wrote. */
  private void restore(String feed, FeedRunner r) {
    ReplicaState state = replication.state();
    state
        .status(feed)
        .ifPresent(
            st -> {
              r.restore(
                  state.records(feed).values().stream().map(ReplicaState.Stored::value).toList(),
                  state.enrichments(feed).values().stream()
                      .map(ReplicaState.Stored::value)
                      .toList(),
                  st.getCursor().isEmpty() ? null : st.getCursor(),
                  st.hasLastSuccess()
                      ? Instant.ofEpochSecond(
                          st.getLastSuccess().getSeconds(), st.getLastSuccess().getNanos())
                      : null);
              LOG.info(
                  "feed {} resumes from the advisories topic at cursor {}", feed, st.getCursor());
            });
  }

  public Optional<FeedRunner> runner(String name) {
    return Optional.ofNullable(runners.get(name));
  }

  @PreDestroy
  void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
