package dev.tallyman.report;

import dev.tallyman.report.index.FindingsIndex;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates template, index and alias at start-up. Elasticsearch being down must not stop the service
 * (search answers 503 meanwhile); the listener creates them before its first write.
 */
@Singleton
public class IndexBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(IndexBootstrap.class);
  private final FindingsIndex index;

  public IndexBootstrap(FindingsIndex index) {
    this.index = index;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    try {
      index.ensureReady();
    } catch (Exception e) {
      LOG.warn(
          "could not prepare index {} yet (will retry before the first write): {}",
          index.layout().index(),
          e.toString());
    }
  }
}
