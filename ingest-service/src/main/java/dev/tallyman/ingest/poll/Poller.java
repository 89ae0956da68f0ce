package dev.tallyman.ingest.poll;

import dev.tallyman.proto.v1.ImageEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of one registry: list the catalog, keep the repositories the globs accept, list their
 * tags, resolve each tag, and emit an event for each (repository, tag) whose digest differs from
 * the state. The event is published before the state is updated, so a crash in between re-emits
 * (with the same deterministic id) rather than loses the change.
 */
public final class Poller {
  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

  private final PollState state;
  private final Consumer<ImageEvent> sink;
  private final RegistryClients clients;
  private final Clock clock;

  public Poller(PollState state, Consumer<ImageEvent> sink, RegistryClients clients, Clock clock) {
    this.state = state;
    this.sink = sink;
    this.clients = clients;
    this.clock = clock;
  }

  public PollReport poll(RegistrySpec spec) throws InterruptedException {
    RegistryClient client = clients.client(spec);
    List<String> repositories =
        client.catalog().stream().filter(spec.repositories()::accepts).toList();
    AtomicInteger tags = new AtomicInteger();
    AtomicInteger emitted = new AtomicInteger();
    AtomicInteger unchanged = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(spec.maxConcurrency());
    try {
      List<Future<?>> work = new ArrayList<>();
      for (String repository : repositories) {
        work.add(
            workers.submit(
                () -> {
                  try {
                    pollRepository(spec, client, repository, tags, emitted, unchanged);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    LOG.warn(
                        "registry {}: repository {} not polled: {}",
                        spec.name(),
                        repository,
                        e.getMessage());
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failed.incrementAndGet();
        }
      }
    } finally {
      workers.shutdownNow();
    }
    PollReport report =
        new PollReport(
            spec.name(),
            repositories.size(),
            tags.get(),
            emitted.get(),
            unchanged.get(),
            failed.get());
    LOG.info("poll of registry {} done: {}", spec.name(), report);
    return report;
  }

  private void pollRepository(
      RegistrySpec spec,
      RegistryClient client,
      String repository,
      AtomicInteger tags,
      AtomicInteger emitted,
      AtomicInteger unchanged)
      throws InterruptedException {
    for (String tag : client.tags(repository)) {
      tags.incrementAndGet();
      Optional<RegistryClient.Resolved> manifest = client.resolve(repository, tag);
      if (manifest.isEmpty()) {
        continue; // deleted between listing and resolving
      }
      String digest = manifest.get().digest();
      if (state.lastDigest(spec.name(), repository, tag).filter(digest::equals).isPresent()) {
        unchanged.incrementAndGet();
        continue;
      }
      sink.accept(PollEvents.pushed(spec, repository, tag, manifest.get(), clock.instant()));
      state.remember(spec.name(), repository, tag, digest);
      emitted.incrementAndGet();
    }
  }
}
