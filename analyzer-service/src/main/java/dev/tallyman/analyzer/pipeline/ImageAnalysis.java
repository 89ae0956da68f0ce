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
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.FindingsReport;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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

  /** Explicit requests to look again (new advisories, a user asking): never served from memory. */
  private static final Set<EventSource> ANALYZE_AGAIN =
      Set.of(EventSource.EVENT_SOURCE_ON_DEMAND, EventSource.EVENT_SOURCE_RESCAN);

  private final AdvisoryServiceGrpc.AdvisoryServiceBlockingStub advisories;
  private final KafkaPublisher publisher;
  private final Topics topics;
  private final String version;
  private final long matchTimeoutSeconds;
  private final AnalyzedDigests analyzed;

  public ImageAnalysis(
      RegistryClient registry,
      Analyzer analyzer,
      LayerLimits limits,
      AdvisoryServiceGrpc.AdvisoryServiceBlockingStub advisories,
      KafkaPublisher publisher,
      Topics topics,
      @Value("${tallyman.analyzer.version:0.1.0}") String version,
      @Value("${tallyman.analyzer.match-timeout-seconds:60}") long matchTimeoutSeconds,
      AnalyzedDigests analyzed) {
    this.analyzed = analyzed;
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
    Set<ImageLocation> locations = locations(event);
    if (event.getAction() == ImageAction.IMAGE_ACTION_DELETE) {
      if (!event.getDigest().isEmpty()) {
        analyzed.forget(event.getDigest(), locations);
      }
      LOG.info("image {} deleted from {} location(s)", event.getDigest(), locations.size());
      return;
    }
    if (event.getAction() != ImageAction.IMAGE_ACTION_PUSH) {
      LOG.info("ignoring {} event for {}", event.getAction(), event.getDigest());
      return;
    }
    Instant now = Instant.now();
    Optional<AnalyzedDigests.Entry> known =
        event.getDigest().isEmpty() ? Optional.empty() : analyzed.recent(event.getDigest(), now);
    if (known.isPresent()) {
      Set<ImageLocation> merged = new LinkedHashSet<>(known.get().locations());
      merged.addAll(locations);
      if (!ANALYZE_AGAIN.contains(event.getSource())) {
        attach(event.getDigest(), known.get(), merged);
        return;
      }
      locations = merged; // an explicit request: analyze again, keep every known location
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
    List<ImageLocation> ordered = ordered(location, locations);
    List<dev.tallyman.proto.v1.Sbom> allSbomParts = new ArrayList<>();
    List<FindingsReport> allReportParts = new ArrayList<>();
    for (Sbom sbom : sboms) {
      List<Package> packages = Messages.packages(sbom);
      var sbomParts =
          Messages.sbomParts(sbom, packages, location, version, now).stream()
              .map(p -> p.toBuilder().addAllLocations(ordered).build())
              .toList();
      publisher.publishAll(topics.sboms(), sbom.imageDigest(), sbomParts);
      List<VulnerabilityMatch> matches = match(sbom, packages);
      var reports =
          Messages.reportParts(sbom, packages, matches, location, version, now).stream()
              .map(r -> r.toBuilder().addAllLocations(ordered).build())
              .toList();
      publisher.publishAll(topics.findings(), sbom.imageDigest(), reports);
      allSbomParts.addAll(sbomParts);
      allReportParts.addAll(reports);
      LOG.info(
          "analyzed {} ({}): {} packages, {} findings",
          sbom.imageDigest(),
          sbom.platform(),
          packages.size(),
          reports.get(0).getFindingCount());
    }
    if (!event.getDigest().isEmpty()) {
      analyzed.put(
          event.getDigest(), now, new LinkedHashSet<>(ordered), allSbomParts, allReportParts);
    }
  }

  /**
   * The digest was analyzed moments ago: publish the same messages (same ids, so consumers upsert)
   * with the grown location list, or nothing when no location is new.
   */
  private void attach(String digest, AnalyzedDigests.Entry entry, Set<ImageLocation> merged) {
    if (merged.equals(entry.locations())) {
      LOG.info("{} already analyzed for every location it names: nothing to do", digest);
      return;
    }
    ImageLocation first =
        entry.sbomParts().isEmpty()
            ? merged.iterator().next()
            : entry.sbomParts().get(0).getLocation();
    List<ImageLocation> ordered = ordered(first, merged);
    List<dev.tallyman.proto.v1.Sbom> sbomParts = new ArrayList<>();
    for (var part : entry.sbomParts()) {
      sbomParts.add(part.toBuilder().clearLocations().addAllLocations(ordered).build());
    }
    List<FindingsReport> reportParts = new ArrayList<>();
    for (var part : entry.reportParts()) {
      reportParts.add(part.toBuilder().clearLocations().addAllLocations(ordered).build());
    }
    for (var part : sbomParts) {
      publisher.publish(topics.sboms(), part.getImageDigest(), part);
    }
    for (var part : reportParts) {
      publisher.publish(topics.findings(), part.getImageDigest(), part);
    }
    analyzed.put(digest, entry.analyzedAt(), new LinkedHashSet<>(ordered), sbomParts, reportParts);
    LOG.info(
        "{} already analyzed: republished {} part(s) with {} location(s), not analyzed again",
        digest,
        sbomParts.size() + reportParts.size(),
        ordered.size());
  }

  /** The event's locations: those it carries, and always its own. */
  static Set<ImageLocation> locations(ImageEvent event) {
    Set<ImageLocation> out = new LinkedHashSet<>();
    out.add(
        ImageLocation.newBuilder()
            .setRegistry(event.getRegistry())
            .setRepository(event.getRepository())
            .setTag(event.getTag())
            .build());
    out.addAll(event.getLocationsList());
    return out;
  }

  private static List<ImageLocation> ordered(ImageLocation first, Set<ImageLocation> all) {
    return new AnalyzedDigests.Entry(Instant.EPOCH, all, List.of(), List.of(), 0)
        .orderedLocations(first);
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
