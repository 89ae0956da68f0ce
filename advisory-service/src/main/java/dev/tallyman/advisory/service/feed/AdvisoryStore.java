package dev.tallyman.advisory.service.feed;

import dev.tallyman.advisory.feed.FeedRunner;
import dev.tallyman.advisory.feed.FeedStatus;
import dev.tallyman.advisory.feed.bundle.AdvisoryBundle;
import dev.tallyman.advisory.feed.bundle.BundleKeys;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.osv.OsvLoader;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.service.replica.ReplicaState;
import dev.tallyman.proto.v1.FeedSyncStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PostConstruct;
import java.nio.file.Path;
import java.time.Duration;
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

  private final String bundle;
  private final String bundleKey;
  private final Duration bundleMaxAge;

  public AdvisoryStore(
      @Value("${tallyman.advisories.paths:}") List<String> paths,
      @Value("${tallyman.advisories.bundle.path:}") String bundle,
      @Value("${tallyman.advisories.bundle.public-key:}") String bundleKey,
      @Value("${tallyman.advisories.bundle.max-age:7d}") Duration bundleMaxAge,
      MeterRegistry meters) {
    this.bundleMaxAge = bundleMaxAge;
    this.paths = paths.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
    this.bundle = bundle.trim();
    this.bundleKey = bundleKey.trim();
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

  /** A running feed and when its data counts as stale. */
  public record Runner(FeedRunner runner, Duration maxAge) {}

  private record Sourced(OsvRecord record, String source) {}

  private List<Sourced> pathRecords = List.of();
  private List<FeedState> pathStates = List.of();
  private List<Runner> runners = List.of();

  private ReplicaState replica;

  /**
   * Serves the materialized advisories topic (ADR 0017): its records and the sync side's feed
   * status are merged into every rebuild, next to the static locations.
   */
  public synchronized void attachReplica(ReplicaState state) {
    this.replica = state;
  }

  /** Feeds whose last good data is merged into every rebuild (set once by {@link FeedSync}). */
  public synchronized void attach(List<Runner> feedRunners) {
    this.runners = List.copyOf(feedRunners);
  }

  /**
   * Builds a new index from the static locations (as last loaded) and every feed's last good data,
   * and swaps it in; readers keep the previous snapshot until then.
   */
  public synchronized Snapshot rebuild() {
    AdvisoryIndex.Builder builder = AdvisoryIndex.builder();
    pathRecords.forEach(s -> builder.add(s.record(), s.source()));
    List<FeedState> feeds = new ArrayList<>(pathStates);
    Instant now = Instant.now();
    for (Runner r : runners) {
      String name = r.runner().feed().name();
      r.runner().records().forEach(rec -> builder.add(rec, name));
      r.runner().enrichments().forEach(builder::addEnrichment); // KEV/EPSS for the merged view
      FeedStatus st = r.runner().status();
      feeds.add(
          new FeedState(
              st.name(),
              st.location(),
              st.recordCount(),
              st.rejectedCount(),
              st.lastSuccess(),
              st.lastError(),
              st.lastAttempt(),
              st.enrichmentCount(),
              st.stale(r.maxAge(), now)));
    }
    if (replica != null) {
      replica.forEachRecord(builder::add);
      for (FeedSyncStatus st : replica.statuses()) {
        Instant ok = st.hasLastSuccess() ? instant(st.getLastSuccess()) : null;
        Duration maxAge = Duration.ofSeconds(Math.max(1, st.getMaxAgeSeconds()));
        feeds.add(
            new FeedState(
                st.getFeed(),
                st.getLocation(),
                st.getRecordCount(),
                st.getRejectedCount(),
                ok,
                st.getLastError(),
                st.hasLastAttempt() ? instant(st.getLastAttempt()) : null,
                st.getEnrichmentCount(),
                ok == null || ok.plus(maxAge).isBefore(now)));
      }
    }
    Snapshot s = new Snapshot(builder.build(), List.copyOf(feeds));
    snapshot = s;
    return s;
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** Loads all locations again and swaps the result in. */
  public synchronized Snapshot reload() {
    List<Sourced> records = new ArrayList<>();
    List<FeedState> feeds = new ArrayList<>();
    if (paths.isEmpty()) {
      LOG.info("no static advisory locations configured (tallyman.advisories.paths)");
    }
    for (String location : paths) {
      Path p = Path.of(location);
      String name = p.getFileName() == null ? location : p.getFileName().toString();
      try {
        OsvLoader.LoadStats stats = loader.load(p, r -> records.add(new Sourced(r, name)));
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
    if (!bundle.isEmpty()) {
      loadBundle(records, feeds);
    }
    pathRecords = List.copyOf(records);
    pathStates = List.copyOf(feeds);
    return rebuild();
  }

  /**
   * An imported bundle (directory) or a bundle file: verified against the configured public key
   * before any record is used; a refused bundle serves nothing and shows why in FeedStatus.
   */
  private void loadBundle(List<Sourced> records, List<FeedState> feeds) {
    try {
      if (bundleKey.isEmpty()) {
        throw new IllegalArgumentException(
            "tallyman.advisories.bundle.public-key is required with bundle.path");
      }
      AdvisoryBundle.Loaded b =
          AdvisoryBundle.load(
              Path.of(bundle),
              BundleKeys.publicKey(Path.of(bundleKey)),
              Path.of(System.getProperty("java.io.tmpdir")));
      for (AdvisoryBundle.Feed f : b.feeds()) {
        f.records().forEach(r -> records.add(new Sourced(r, f.name())));
        feeds.add(
            new FeedState(
                f.name(),
                "bundle " + bundle + " (" + f.location() + ")",
                f.records().size(),
                f.rejectedCount(),
                f.lastSuccess(),
                f.lastError(),
                f.lastSuccess(),
                f.enrichments().size(),
                f.lastSuccess() == null
                    || f.lastSuccess().plus(bundleMaxAge).isBefore(Instant.now())));
      }
      LOG.info(
          "loaded advisory bundle {} created {}: {} feeds",
          bundle,
          b.manifest().created(),
          b.feeds().size());
    } catch (Exception e) {
      LOG.error("advisory bundle {} refused: {}", bundle, e.getMessage());
      feeds.add(new FeedState("bundle", bundle, 0, 0, null, "refused: " + e.getMessage()));
    }
  }

  public Snapshot snapshot() {
    return snapshot;
  }
}
