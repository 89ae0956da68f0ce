package dev.tallyman.advisory.service.grpc;

import dev.tallyman.advisory.feed.merge.MergedVulnerability;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.advisory.service.feed.AdvisoryStore;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.FeedStatusRequest;
import dev.tallyman.proto.v1.FeedStatusResponse;
import dev.tallyman.proto.v1.GetVulnerabilityRequest;
import dev.tallyman.proto.v1.GetVulnerabilityResponse;
import dev.tallyman.proto.v1.MatchRequest;
import dev.tallyman.proto.v1.MatchResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** gRPC edge of the matcher: tallyman.v1.AdvisoryService. */
@Singleton
public class AdvisoryGrpcEndpoint extends AdvisoryServiceGrpc.AdvisoryServiceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryGrpcEndpoint.class);

  private final AdvisoryStore store;
  private final MatchEngine engine = MatchEngine.standard();
  private final MatchRequestValidator validator;
  private final Counter requests;
  private final Counter matches;
  private final Counter skipped;

  public AdvisoryGrpcEndpoint(
      AdvisoryStore store,
      MeterRegistry meters,
      @Value("${tallyman.advisories.max-packages-per-request:50000}") int maxPackages) {
    this.store = store;
    this.validator = new MatchRequestValidator(maxPackages);
    this.requests = meters.counter("tallyman.advisory.match.requests");
    this.matches = meters.counter("tallyman.advisory.match.matches");
    this.skipped = meters.counter("tallyman.advisory.match.skipped.packages");
  }

  @Override
  public void match(MatchRequest request, StreamObserver<MatchResponse> response) {
    requests.increment();
    Optional<String> problem = validator.problem(request);
    if (problem.isPresent()) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(problem.get()).asRuntimeException());
      return;
    }
    try {
      AdvisoryStore.Snapshot snap = store.snapshot();
      List<InstalledPackage> pkgs =
          request.getPackagesList().stream().map(ProtoMapping::pkg).toList();
      MatchEngine.Result result =
          engine.match(
              ProtoMapping.distro(request.getOs()), pkgs, snap.index(), request.getExplain());
      if (!result.skipped().isEmpty()) {
        // An odd version in one package must not cost the image its other findings.
        skipped.increment(result.skipped().size());
        LOG.warn(
            "skipped {} packages with invalid versions, e.g. {}",
            result.skipped().size(),
            result.skipped().get(0));
      }
      matches.increment(result.matches().size());
      MatchResponse.Builder b =
          MatchResponse.newBuilder().setAdvisoryCount(snap.index().advisoryCount());
      result.matches().forEach(m -> b.addMatches(ProtoMapping.match(m)));
      LOG.info(
          "matched {} packages ({} {}): {} matches",
          pkgs.size(),
          request.getOs().getId(),
          request.getOs().getVersionId(),
          result.matches().size());
      response.onNext(b.build());
      response.onCompleted();
    } catch (RuntimeException e) {
      LOG.error("match failed", e);
      response.onError(
          Status.INTERNAL.withDescription("match failed: " + e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void getVulnerability(
      GetVulnerabilityRequest request, StreamObserver<GetVulnerabilityResponse> response) {
    String id = request.getId().trim();
    if (id.isEmpty() || id.length() > MatchRequestValidator.MAX_FIELD) {
      response.onError(
          Status.INVALID_ARGUMENT
              .withDescription("id must be 1.." + MatchRequestValidator.MAX_FIELD + " characters")
              .asRuntimeException());
      return;
    }
    try {
      AdvisoryIndex index = store.snapshot().index();
      Optional<MergedVulnerability> mv = index.vulnerability(id);
      if (mv.isEmpty()) {
        String why = index.isWithdrawn(id) ? ": withdrawn by its feed" : "";
        response.onError(
            Status.NOT_FOUND.withDescription("no vulnerability " + id + why).asRuntimeException());
        return;
      }
      response.onNext(ProtoMapping.vulnerability(mv.get(), index.entriesOf(id)));
      response.onCompleted();
    } catch (RuntimeException e) {
      LOG.error("getVulnerability {} failed", id, e);
      response.onError(
          Status.INTERNAL.withDescription("lookup failed: " + e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void feedStatus(FeedStatusRequest request, StreamObserver<FeedStatusResponse> response) {
    FeedStatusResponse.Builder b = FeedStatusResponse.newBuilder();
    store.snapshot().feeds().forEach(f -> b.addFeeds(ProtoMapping.feed(f)));
    response.onNext(b.build());
    response.onCompleted();
  }
}
