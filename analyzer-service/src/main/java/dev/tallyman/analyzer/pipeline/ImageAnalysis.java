package dev.tallyman.analyzer.pipeline;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.Analyzer;
import dev.tallyman.analysis.NotAnImageException;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.ImageReference;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.source.RegistrySource;
import dev.tallyman.contracts.Topics;
import dev.tallyman.kit.kafka.KafkaPublisher;
import dev.tallyman.kit.kafka.PermanentFailure;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.MatchRequest;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One image event: pull and analyze every platform, publish the SBOM, match against advisories,
 * publish the findings. Bad images become {@link PermanentFailure}s (dead-lettered with the cause);
 * an unreachable registry or advisory service is a plain exception (retried).
 */
@Singleton
public class ImageAnalysis {
  private static final Logger LOG = LoggerFactory.getLogger(ImageAnalysis.class);
  private static final Set<Status.Code> PERMANENT_GRPC =
      Set.of(
          Status.Code.INVALID_ARGUMENT, Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE);

  private final RegistryClient registry;
  private final Analyzer analyzer;
  private final LayerLimits limits;
  private final AdvisoryServiceGrpc.AdvisoryServiceBlockingStub advisories;
  private final KafkaPublisher publisher;
  private final Topics topics;
  private final String version;
  private final long matchTimeoutSeconds;

  public ImageAnalysis(
      RegistryClient registry,
      Analyzer analyzer,
      LayerLimits limits,
      AdvisoryServiceGrpc.AdvisoryServiceBlockingStub advisories,
      KafkaPublisher publisher,
      Topics topics,
      @Value("${tallyman.analyzer.version:0.1.0}") String version,
      @Value("${tallyman.analyzer.match-timeout-seconds:60}") long matchTimeoutSeconds) {
    this.registry = registry;
    this.analyzer = analyzer;
    this.limits = limits;
    this.advisories = advisories;
    this.publisher = publisher;
    this.topics = topics;
    this.version = version;
    this.matchTimeoutSeconds = matchTimeoutSeconds;
  }

  public void handle(ImageEvent event) throws IOException {
    if (event.getAction() != ImageAction.IMAGE_ACTION_PUSH) {
      LOG.info("ignoring {} event for {}", event.getAction(), event.getDigest());
      return;
    }
    ImageReference ref;
    try {
      ref =
          ImageReference.of(
              event.getRegistry(), event.getRepository(), event.getTag(), event.getDigest());
    } catch (AnalysisException | NullPointerException e) {
      throw new PermanentFailure("image event names no valid image: " + e.getMessage(), e);
    }
    ImageLocation location =
        ImageLocation.newBuilder()
            .setRegistry(event.getRegistry())
            .setRepository(event.getRepository())
            .setTag(event.getTag())
            .build();
    List<Sbom> sboms;
    try (RegistrySource source = new RegistrySource(registry, ref, limits)) {
      sboms = analyzer.analyze(source);
    } catch (NotAnImageException e) {
      // A signature, attestation or chart pushed to the registry: nothing to report, no DLQ.
      LOG.info("not analyzing {}: {}", ref, e.getMessage());
      return;
    } catch (AnalysisException e) {
      throw new PermanentFailure("cannot analyze " + ref + ": " + e.getMessage(), e);
    }
    Instant now = Instant.now();
    for (Sbom sbom : sboms) {
      List<Package> packages = Messages.packages(sbom);
      publisher.publishAll(
          topics.sboms(),
          sbom.imageDigest(),
          Messages.sbomParts(sbom, packages, location, version, now));
      List<VulnerabilityMatch> matches = match(sbom, packages);
      var reports = Messages.reportParts(sbom, packages, matches, location, version, now);
      publisher.publishAll(topics.findings(), sbom.imageDigest(), reports);
      LOG.info(
          "analyzed {} ({}): {} packages, {} findings",
          sbom.imageDigest(),
          sbom.platform(),
          packages.size(),
          reports.get(0).getFindingCount());
    }
  }

  /** Matches in slices so that no gRPC message grows with the image. */
  private List<VulnerabilityMatch> match(Sbom sbom, List<Package> packages) {
    List<VulnerabilityMatch> matches = new ArrayList<>();
    for (List<Package> slice : Messages.chunks(packages)) {
      if (slice.isEmpty()) {
        continue;
      }
      MatchRequest request =
          MatchRequest.newBuilder().setOs(ProtoMapping.os(sbom.os())).addAllPackages(slice).build();
      try {
        matches.addAll(
            advisories
                .withDeadlineAfter(matchTimeoutSeconds, TimeUnit.SECONDS)
                .match(request)
                .getMatchesList());
      } catch (StatusRuntimeException e) {
        if (PERMANENT_GRPC.contains(e.getStatus().getCode())) {
          throw new PermanentFailure(
              "advisory-service refused the match request: " + e.getStatus(), e);
        }
        throw e; // unavailable, deadline, internal: retry later
      }
    }
    return matches;
  }
}
