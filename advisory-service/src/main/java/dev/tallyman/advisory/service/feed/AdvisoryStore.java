package dev.tallyman.advisory.service.feed;

import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.osv.OsvLoader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PostConstruct;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every configured advisory location ({@code tallyman.advisories.paths}: directories or zips)
 * at start-up into one immutable index. A location that fails is reported in its feed state and
 * does not stop the others or the service.
 */
@Context
public class AdvisoryStore {
  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryStore.class);

  /** The index and feed states of one load, swapped in atomically. */
  public record Snapshot(AdvisoryIndex index, List<FeedState> feeds) {}

  private final List<String> paths;
  private final MeterRegistry meters;
  private final OsvLoader loader = new OsvLoader();
  private volatile Snapshot snapshot = new Snapshot(AdvisoryIndex.builder().build(), List.of());

  public AdvisoryStore(
      @Value("${tallyman.advisories.paths:}") List<String> paths, MeterRegistry meters) {
    this.paths = paths.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
    this.meters = meters;
  }

  @PostConstruct
  void start() {
    reload();
    Gauge.builder("tallyman.advisories.loaded", this, s -> s.snapshot.index().advisoryCount())
        .description("advisories in the match index")
        .register(meters);
    Gauge.builder(
            "tallyman.advisories.rejected",
            this,
            s -> s.snapshot.feeds().stream().mapToLong(FeedState::rejectedCount).sum())
        .description("records rejected while loading feeds")
        .register(meters);
  }

  /** Loads all locations again and swaps the result in. */
  public synchronized Snapshot reload() {
    AdvisoryIndex.Builder builder = AdvisoryIndex.builder();
    List<FeedState> feeds = new ArrayList<>();
    if (paths.isEmpty()) {
      LOG.warn("no advisory locations configured (tallyman.advisories.paths): nothing will match");
    }
    for (String location : paths) {
      Path p = Path.of(location);
      String name = p.getFileName() == null ? location : p.getFileName().toString();
      try {
        OsvLoader.LoadStats stats = loader.load(p, r -> builder.add(r, name));
        feeds.add(
            new FeedState(
                name, location, stats.recordCount(), stats.rejectedCount(), Instant.now(), ""));
        LOG.info(
            "loaded advisory feed {}: {} records, {} rejected",
            location,
            stats.recordCount(),
            stats.rejectedCount());
      } catch (Exception e) {
        LOG.error("advisory feed {} failed to load", location, e);
        feeds.add(new FeedState(name, location, 0, 0, null, String.valueOf(e.getMessage())));
      }
    }
    Snapshot s = new Snapshot(builder.build(), List.copyOf(feeds));
    snapshot = s;
    return s;
  }

  public Snapshot snapshot() {
    return snapshot;
  }
}
