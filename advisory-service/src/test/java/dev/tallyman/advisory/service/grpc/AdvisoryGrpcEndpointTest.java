package dev.tallyman.advisory.service.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.FeedInfo;
import dev.tallyman.proto.v1.FeedStatusRequest;
import dev.tallyman.proto.v1.MatchRequest;
import dev.tallyman.proto.v1.MatchResponse;
import dev.tallyman.proto.v1.OperatingSystem;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The real gRPC server on a random 127.0.0.1 port, real feeds, a real client channel. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdvisoryGrpcEndpointTest implements TestPropertyProvider {
  @Inject GrpcEmbeddedServer grpcServer;
  @Inject EmbeddedServer httpServer;

  private ManagedChannel channel;
  private AdvisoryServiceGrpc.AdvisoryServiceBlockingStub stub;

  static Path ghsa() {
    return dev.tallyman.deploy.SharedData.advisories().resolve("osv/ghsa");
  }

  static Path debianFixtures() {
    try {
      return Path.of(AdvisoryGrpcEndpointTest.class.getResource("testdata/debian").toURI());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Map<String, String> getProperties() {
    return Map.of(
        "tallyman.advisories.paths",
        ghsa() + "," + debianFixtures() + ",/nonexistent/tallyman-feed",
        "tallyman.advisories.max-packages-per-request",
        "100",
        "grpc.server.port",
        "${random.port}",
        "micronaut.server.port",
        "-1");
  }

  @BeforeAll
  void connect() {
    assertThat(grpcServer.getHost()).isEqualTo("127.0.0.1");
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
    stub = AdvisoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterAll
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  private static Package pkg(String id, String eco, String name, String version, String src) {
    return Package.newBuilder()
        .setId(id)
        .setEcosystem(eco)
        .setName(name)
        .setVersion(version)
        .setSourceName(src)
        .build();
  }

  @Test
  void matchFindsLog4ShellAndDebianSourcePackages() {
    MatchResponse r =
        stub.match(
            MatchRequest.newBuilder()
                .setOs(OperatingSystem.newBuilder().setId("debian").setVersionId("12"))
                .addPackages(
                    pkg("p-log4j", "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", ""))
                .addPackages(
                    pkg(
                        "p-log4j-new",
                        "Maven",
                        "org.apache.logging.log4j:log4j-core",
                        "2.17.1",
                        ""))
                .addPackages(pkg("p-libssl3", "Debian", "libssl3", "3.0.11-1~deb12u1", "openssl"))
                .addPackages(pkg("p-openssl-fixed", "Debian", "openssl", "3.0.11-1~deb12u2", ""))
                .addPackages(pkg("p-bad", "Debian", "libfoo", "not a version", ""))
                .build());

    assertThat(r.getAdvisoryCount()).isGreaterThanOrEqualTo(16);
    VulnerabilityMatch log4j = only(r.getMatchesList(), "p-log4j");
    assertThat(log4j.getVulnerability().getId()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(log4j.getVulnerability().getAliasesList()).contains("CVE-2021-44228");
    assertThat(log4j.getVulnerability().getSeverity()).isEqualTo(Severity.SEVERITY_CRITICAL);
    assertThat(log4j.getVulnerability().getCvssScore()).isEqualTo(10.0);
    assertThat(log4j.getVulnerability().getSource()).isEqualTo("ghsa");
    assertThat(log4j.getVulnerability().getPublished().getSeconds()).isPositive();
    assertThat(log4j.getFixedVersion()).isEqualTo("2.15.0");
    assertThat(log4j.getMatchedRange()).isEqualTo("ECOSYSTEM introduced=2.13.0 fixed=2.15.0");
    assertThat(log4j.getEcosystem()).isEqualTo("Maven");

    VulnerabilityMatch ssl = only(r.getMatchesList(), "p-libssl3");
    assertThat(ssl.getVulnerability().getId()).isEqualTo("DSA-5532-1");
    assertThat(ssl.getMatchedName()).isEqualTo("openssl");
    assertThat(ssl.getEcosystem()).isEqualTo("Debian:12");
    assertThat(ssl.getFixedVersion()).isEqualTo("3.0.11-1~deb12u2");

    assertThat(r.getMatchesList())
        .extracting(VulnerabilityMatch::getPackageId)
        .doesNotContain("p-log4j-new", "p-openssl-fixed", "p-bad");
  }

  @Test
  void feedStatusReportsEveryConfiguredLocation() {
    List<FeedInfo> feeds = stub.feedStatus(FeedStatusRequest.getDefaultInstance()).getFeedsList();
    assertThat(feeds).hasSize(3);
    FeedInfo ghsa = feeds.get(0);
    assertThat(ghsa.getName()).isEqualTo("ghsa");
    assertThat(ghsa.getRecordCount()).isGreaterThanOrEqualTo(17);
    assertThat(ghsa.getRejectedCount()).isZero();
    assertThat(ghsa.getLastSuccess().getSeconds()).isPositive();
    assertThat(ghsa.getError()).isEmpty();
    FeedInfo debian = feeds.get(1);
    assertThat(debian.getRecordCount()).isEqualTo(2);
    assertThat(debian.getRejectedCount()).isEqualTo(1);
    FeedInfo missing = feeds.get(2);
    assertThat(missing.getError()).contains("/nonexistent/tallyman-feed");
    assertThat(missing.hasLastSuccess()).isFalse();
  }

  @Test
  void invalidRequestsAreRejectedWithAReason() {
    assertThatThrownBy(
            () ->
                stub.match(
                    MatchRequest.newBuilder()
                        .addPackages(pkg("a", "Maven", "", "1.0", ""))
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("packages[0]: name is empty");
            });
    MatchRequest.Builder tooMany = MatchRequest.newBuilder();
    for (int i = 0; i < 101; i++) {
      tooMany.addPackages(pkg("p" + i, "Maven", "g:a", "1.0", ""));
    }
    assertThatThrownBy(() -> stub.match(tooMany.build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("too many packages: 101 > 100");
            });
  }

  @Test
  void healthAndPrometheusAreServed() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + httpServer.getPort();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("UP");
    HttpResponse<String> prom =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(prom.statusCode()).isEqualTo(200);
    assertThat(prom.body()).contains("tallyman_advisories_loaded");
  }

  private static VulnerabilityMatch only(List<VulnerabilityMatch> all, String packageId) {
    List<VulnerabilityMatch> m =
        all.stream().filter(x -> x.getPackageId().equals(packageId)).toList();
    assertThat(m).as("matches for %s", packageId).hasSize(1);
    return m.get(0);
  }
}
