package dev.tallyman.analyzer.config;

import dev.tallyman.analysis.Analyzer;
import dev.tallyman.analysis.catalog.Catalogers;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.oci.RetryPolicy;
import dev.tallyman.analysis.oci.auth.CredentialProvider;
import dev.tallyman.analysis.oci.auth.CredentialProviders;
import dev.tallyman.analysis.reuse.LayerCache;
import dev.tallyman.analysis.reuse.MemoryLayerCache;
import dev.tallyman.analyzer.cache.KafkaLayerCache;
import dev.tallyman.analyzer.pipeline.AnalyzedDigests;
import dev.tallyman.contracts.Topics;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import io.grpc.ManagedChannel;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.grpc.annotation.GrpcChannel;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Wires the plain-Java analysis core and the advisory gRPC stub. */
@Factory
public class AnalysisFactory {
  /**
   * Per-registry settings from {@code tallyman.registries.*}; {@code docker-config} (a Docker
   * {@code config.json}) serves the registries that name no credentials of their own.
   */
  @Singleton
  RegistryClient registryClient(
      List<RegistryProperties> registries,
      @Value("${tallyman.analyzer.registry-timeout:60s}") Duration timeout,
      @Nullable @Value("${tallyman.analyzer.docker-config:}") String dockerConfig,
      @Value("${tallyman.analyzer.registry-max-concurrency:8}") int maxConcurrency,
      @Value("${tallyman.analyzer.registry-retry.max-attempts:4}") int maxAttempts,
      @Value("${tallyman.analyzer.registry-retry.initial-backoff:500ms}") Duration initialBackoff,
      @Value("${tallyman.analyzer.registry-retry.max-backoff:10s}") Duration maxBackoff,
      @Value("${tallyman.analyzer.registry-retry.max-retry-after:60s}") Duration maxRetryAfter) {
    Map<String, String> env = System.getenv();
    Clock clock = Clock.systemUTC();
    CredentialProvider defaults =
        dockerConfig == null || dockerConfig.isBlank()
            ? CredentialProvider.NONE
            : CredentialProviders.create(
                Map.of("credentials", "docker-config", "docker-config", dockerConfig),
                env,
                timeout,
                clock);
    return new RegistryClient(
        registries.stream().map(r -> r.toSettings(env, timeout, clock)).toList(),
        timeout,
        defaults,
        maxConcurrency,
        new RetryPolicy(
            maxAttempts,
            initialBackoff,
            maxBackoff,
            maxRetryAfter,
            RetryPolicy.THREAD_SLEEP,
            clock));
  }

  @Singleton
  LayerLimits layerLimits(
      @Value("${tallyman.analyzer.limits.max-entries:2000000}") long maxEntries,
      @Value("${tallyman.analyzer.limits.max-layer-bytes:17179869184}") long maxLayerBytes,
      @Value("${tallyman.analyzer.limits.max-file-bytes:536870912}") long maxFileBytes) {
    return new LayerLimits(maxEntries, maxLayerBytes, maxFileBytes);
  }

  /**
   * Layer analyses shared through the compacted {@code layer-analyses} topic: a layer any replica
   * has read is not fetched again. {@code max-publish-bytes} must stay below the topic's {@code
   * max.message.bytes}; bigger entries are only kept locally.
   */
  @Singleton
  @Bean(preDestroy = "close")
  @Requires(property = "tallyman.analyzer.layer-cache.enabled", notEquals = "false")
  KafkaLayerCache layerCache(
      @Value("${kafka.bootstrap.servers}") String bootstrapServers,
      Topics topics,
      @Value("${tallyman.analyzer.layer-cache.max-entries:5000}") int maxEntries,
      @Value("${tallyman.analyzer.layer-cache.max-bytes:268435456}") long maxBytes,
      @Value("${tallyman.analyzer.layer-cache.max-publish-bytes:1000000}") int maxPublishBytes) {
    return new KafkaLayerCache(
        bootstrapServers,
        topics.layerAnalyses(),
        new MemoryLayerCache(maxEntries, maxBytes),
        maxPublishBytes);
  }

  @Singleton
  Analyzer analyzer(LayerLimits limits, @Nullable LayerCache layerCache) {
    return new Analyzer(Catalogers.defaults(), limits, layerCache);
  }

  /** Digests analyzed recently, so another tag or registry of one digest is not analyzed again. */
  @Singleton
  AnalyzedDigests analyzedDigests(
      @Value("${tallyman.analyzer.dedupe.window:10m}") Duration window,
      @Value("${tallyman.analyzer.dedupe.max-bytes:67108864}") long maxBytes) {
    return new AnalyzedDigests(window, maxBytes);
  }

  @Singleton
  AdvisoryServiceGrpc.AdvisoryServiceBlockingStub advisoryStub(
      @GrpcChannel("advisory") ManagedChannel channel) {
    return AdvisoryServiceGrpc.newBlockingStub(channel);
  }
}
