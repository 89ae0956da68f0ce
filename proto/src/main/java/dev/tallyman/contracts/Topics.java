package dev.tallyman.contracts;

import java.util.List;

/**
 * Every Kafka topic, in one place. Names are {@code <prefix>.<name>} with a configurable prefix
 * (default {@code tallyman}); every topic has a dead-letter twin ending in {@code .dlq}.
 */
public final class Topics {
  public static final String DEFAULT_PREFIX = "tallyman";

  /**
   * The priority lane: ImageEvents from pushes (webhooks) and on-demand scans, keyed by manifest
   * digest. Analyzers drain it before the bulk lane (ADR 0013).
   */
  public static final String IMAGE_EVENTS = "image-events";

  /**
   * The bulk lane: ImageEvents from polling and bulk rescans, keyed by manifest digest. Must have
   * the same partition count as {@link #IMAGE_EVENTS} so one digest lands on one analyzer.
   */
  public static final String IMAGE_EVENTS_BULK = "image-events-bulk";

  /** Sbom parts, keyed by image digest. */
  public static final String SBOMS = "sboms";

  /** FindingsReport parts, keyed by image digest. */
  public static final String FINDINGS = "findings";

  /**
   * Compacted: the analysis of one layer, keyed by analyzer version + layer diffID, so a base layer
   * shared by many images is read once across restarts and replicas.
   */
  public static final String LAYER_ANALYSES = "layer-analyses";

  /**
   * Compacted: the last digest the poller saw per {@code registry/repository:tag}; a registry's
   * records all live on one partition, and the ingest replica the poller group assigns that
   * partition to is the one that polls the registry.
   */
  public static final String POLL_STATE = "poll-state";

  /**
   * Compacted: normalized advisory records, enrichments and feed status written by the sync role,
   * materialized by every advisory-service replica (ADR 0017).
   */
  public static final String ADVISORIES = "advisories";

  /**
   * AdvisoryChangeBatch per sync: the (ecosystem, package) pairs of every new, changed, withdrawn
   * or deleted advisory, keyed by feed; the input for re-evaluating stored SBOMs.
   */
  public static final String ADVISORY_CHANGES = "advisory-changes";

  public static final String DLQ_SUFFIX = ".dlq";

  private final String prefix;

  public Topics(String prefix) {
    this.prefix = prefix == null || prefix.isBlank() ? DEFAULT_PREFIX : prefix;
  }

  public String imageEvents() {
    return name(IMAGE_EVENTS);
  }

  public String imageEventsBulk() {
    return name(IMAGE_EVENTS_BULK);
  }

  public String sboms() {
    return name(SBOMS);
  }

  public String findings() {
    return name(FINDINGS);
  }

  public String layerAnalyses() {
    return name(LAYER_ANALYSES);
  }

  public String pollState() {
    return name(POLL_STATE);
  }

  public String advisories() {
    return name(ADVISORIES);
  }

  public String advisoryChanges() {
    return name(ADVISORY_CHANGES);
  }

  /** Topics that keep only the latest value per key (cleanup.policy=compact). */
  public List<String> compacted() {
    return List.of(layerAnalyses(), pollState(), advisories());
  }

  public String name(String base) {
    return prefix + "." + base;
  }

  public static String dlq(String topic) {
    return topic + DLQ_SUFFIX;
  }

  /** Every topic this prefix implies, dead-letter twins included. */
  public List<String> all() {
    return List.of(
        imageEvents(),
        dlq(imageEvents()),
        imageEventsBulk(),
        dlq(imageEventsBulk()),
        sboms(),
        dlq(sboms()),
        findings(),
        dlq(findings()),
        layerAnalyses(),
        pollState(),
        advisories(),
        advisoryChanges());
  }
}
