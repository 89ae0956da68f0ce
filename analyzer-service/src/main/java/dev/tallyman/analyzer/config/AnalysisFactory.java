package dev.tallyman.analyzer.config;

import dev.tallyman.analysis.Analyzer;
import dev.tallyman.analysis.catalog.Catalogers;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import io.grpc.ManagedChannel;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.grpc.annotation.GrpcChannel;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/** Wires the plain-Java analysis core and the advisory gRPC stub. */
@Factory
public class AnalysisFactory {
  @Singleton
  RegistryClient registryClient(
      List<RegistryProperties> registries,
      @Value("${tallyman.analyzer.registry-timeout:60s}") Duration timeout) {
    return new RegistryClient(
        registries.stream().map(RegistryProperties::toSettings).toList(), timeout);
  }

  @Singleton
  LayerLimits layerLimits(
      @Value("${tallyman.analyzer.limits.max-entries:2000000}") long maxEntries,
      @Value("${tallyman.analyzer.limits.max-layer-bytes:17179869184}") long maxLayerBytes,
      @Value("${tallyman.analyzer.limits.max-file-bytes:536870912}") long maxFileBytes) {
    return new LayerLimits(maxEntries, maxLayerBytes, maxFileBytes);
  }

  @Singleton
  Analyzer analyzer(LayerLimits limits) {
    return new Analyzer(Catalogers.defaults(), limits);
  }

  @Singleton
  AdvisoryServiceGrpc.AdvisoryServiceBlockingStub advisoryStub(
      @GrpcChannel("advisory") ManagedChannel channel) {
    return AdvisoryServiceGrpc.newBlockingStub(channel);
  }
}
