package dev.tallyman.advisory.service.feed;

import dev.tallyman.advisory.feed.FeedRunner;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every configured feed ({@code tallyman.feeds.*}) on its interval, one at a time on one
 * background thread, and rebuilds the match index after each sync. A failed sync keeps the last
 * good data (see {@link FeedRunner}); FeedStatus shows the error and the growing staleness.
 */
@Context
public class FeedSync {
  private static final Logger LOG = LoggerFactory.getLogger(FeedSync.class);

  private final AdvisoryStore store;
  private final Map<String, FeedRunner> runners = new LinkedHashMap<>();
  private final List<FeedConfig> configs;
  private ScheduledExecutorService scheduler;

  public FeedSync(AdvisoryStore store, Collection<FeedConfig> configs) {
    this.store = store;
    this.configs = configs.stream().filter(FeedConfig::isEnabled).toList();
  }

  @PostConstruct
  void start() {
    List<AdvisoryStore.Runner> attached = new ArrayList<>();
    for (FeedConfig c : configs) {
      FeedRunner r = new FeedRunner(FeedFactory.create(c));
      runners.put(c.getName(), r);
      attached.add(new AdvisoryStore.Runner(r, c.getMaxAge()));
    }
    store.attach(attached);
    store.rebuild();
    if (configs.isEmpty()) {
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
      store.rebuild();
      return ok;
    } catch (RuntimeException e) {
      // never let one feed kill the scheduler thread
      LOG.error("feed {} sync crashed", name, e);
      return false;
    }
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
