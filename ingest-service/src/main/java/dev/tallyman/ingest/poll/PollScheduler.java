package dev.tallyman.ingest.poll;

import dev.tallyman.contracts.Topics;
import dev.tallyman.ingest.lanes.Lanes;
import dev.tallyman.kit.kafka.KafkaPublisher;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each configured registry's poll every {@code interval} on the replica that owns it. A tick
 * looks for due registries; polls run on their own threads so one slow registry delays no other,
 * and a registry is never polled twice at once on this replica.
 */
@Context
@Requires(property = "kafka.bootstrap.servers")
public class PollScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);

  private final PollRegistries registries;
  private final Poller poller;
  private final KafkaPollGroup group;
  private final boolean scheduled;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastPoll = new ConcurrentHashMap<>();
  private final ExecutorService runner;

  public PollScheduler(
      PollRegistries registries,
      RegistryClients clients,
      KafkaPublisher publisher,
      Topics topics,
      @Value("${kafka.bootstrap.servers}") String bootstrapServers,
      @Value("${tallyman.ingest.poll.group-id:tallyman-ingest-poller}") String groupId,
      @Value("${tallyman.ingest.poll.enabled:true}") boolean scheduled) {
    this.registries = registries;
    this.scheduled = scheduled;
    String bulkLane = topics.imageEventsBulk(); // polling never delays a push (ADR 0013)
    if (registries.all().isEmpty()) {
      this.group = null;
      this.poller = null;
      this.runner = null;
      return;
    }
    this.group = new KafkaPollGroup(bootstrapServers, topics.pollState(), groupId).start();
    this.poller =
        new Poller(
            group,
            event -> publisher.publish(bulkLane, Lanes.key(event), Lanes.withOwnLocation(event)),
            clients,
            clock);
    this.runner = Executors.newFixedThreadPool(Math.min(4, registries.all().size()));
    LOG.info(
        "polling {} registries (scheduled: {}) with group {}",
        registries.all().size(),
        scheduled,
        groupId);
  }

  /** Whether this replica owns (and may poll) the registry right now. */
  public boolean owns(String registry) {
    return group != null && group.owns(registry);
  }

  /**
   * The poller's known {@code repository:tag -> digest} of a registry (configured name), for bulk
   * rescans.
   *
   * @throws IllegalStateException when another replica owns the registry
   */
  public Map<String, String> known(String registry) {
    if (!owns(registry)) {
      throw new IllegalStateException("this replica does not own registry " + registry);
    }
    return group.known(registry);
  }

  /** Polls now, waiting for a running poll of the same registry to end first. */
  public PollReport pollNow(String registry) throws InterruptedException {
    RegistrySpec spec =
        registries
            .named(registry)
            .orElseThrow(() -> new IllegalArgumentException("no poll registry named " + registry));
    if (!owns(registry)) {
      throw new IllegalStateException("this replica does not own registry " + registry);
    }
    ReentrantLock lock = locks.computeIfAbsent(registry, r -> new ReentrantLock());
    lock.lockInterruptibly();
    try {
      lastPoll.put(registry, clock.instant());
      return poller.poll(spec);
    } finally {
      lock.unlock();
    }
  }

  @Scheduled(
      fixedDelay = "${tallyman.ingest.poll.tick:10s}",
      initialDelay = "${tallyman.ingest.poll.tick:10s}")
  void tick() {
    if (!scheduled || group == null) {
      return;
    }
    Instant now = clock.instant();
    for (RegistrySpec spec : registries.all()) {
      Optional<Instant> last = Optional.ofNullable(lastPoll.get(spec.name()));
      boolean due = last.isEmpty() || !last.get().plus(spec.interval()).isAfter(now);
      if (!due || !group.owns(spec.name())) {
        continue;
      }
      ReentrantLock lock = locks.computeIfAbsent(spec.name(), r -> new ReentrantLock());
      if (lock.isLocked()) {
        continue;
      }
      lastPoll.put(spec.name(), now);
      runner.execute(() -> runLocked(spec, lock));
    }
  }

  private void runLocked(RegistrySpec spec, ReentrantLock lock) {
    if (!lock.tryLock()) {
      return;
    }
    try {
      poller.poll(spec);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("poll of registry {} failed: {}", spec.name(), e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  @PreDestroy
  void stop() {
    if (runner != null) {
      runner.shutdownNow();
    }
    if (group != null) {
      group.close();
    }
  }
}
