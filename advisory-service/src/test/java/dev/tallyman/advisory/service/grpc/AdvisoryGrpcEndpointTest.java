package dev.tallyman.advisory.service.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.service.feed.FeedSync;
import dev.tallyman.proto.v1.AdvisoryRecord;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.AffectedPackage;
import dev.tallyman.proto.v1.FeedInfo;
import dev.tallyman.proto.v1.FeedStatusRequest;
import dev.tallyman.proto.v1.GetVulnerabilityRequest;
import dev.tallyman.proto.v1.GetVulnerabilityResponse;
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
  @Inject FeedSync sync;

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
    return Map.ofEntries(
        Map.entry(
            "tallyman.advisories.paths",
            ghsa() + "," + debianFixtures() + ",/nonexistent/tallyman-feed"),
        Map.entry("tallyman.advisories.max-packages-per-request", "100"),
        // enrichment feeds from local mirrors: the real KEV catalog, a small EPSS file
        Map.entry("tallyman.feeds.kev.type", "kev"),
        Map.entry(
            "tallyman.feeds.kev.location", dev.tallyman.deploy.SharedData.advisories().toString()),
        Map.entry("tallyman.feeds.kev.path", "kev/known_exploited_vulnerabilities.json"),
        Map.entry("tallyman.feeds.kev.interval", "PT1H"),
        Map.entry("tallyman.feeds.epss.type", "epss"),
        Map.entry("tallyman.feeds.epss.location", resource("testdata/epss").toString()),
        Map.entry("tallyman.feeds.epss.path", "epss_scores-current.csv"),
        Map.entry("tallyman.feeds.epss.interval", "PT1H"),
        Map.entry("grpc.server.port", "${random.port}"),
        Map.entry("micronaut.server.port", "-1"));
  }

  static Path resource(String name) {
    try {
      return Path.of(AdvisoryGrpcEndpointTest.class.getResource(name).toURI());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  void connect() {
    // the scheduler syncs them too; syncing here makes the enrichment present before any test
    assertThat(sync.syncNow("kev")).isTrue();
    assertThat(sync.syncNow("epss")).isTrue();
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
    // the merged view: canonical CVE id, the GHSA an alias, KEV and EPSS attached
    assertThat(log4j.getVulnerability().getId()).isEqualTo("CVE-2021-44228");
    assertThat(log4j.getVulnerability().getAliasesList()).contains("GHSA-jfh8-c2jp-5v3q");
    assertThat(log4j.getVulnerability().getKev()).isTrue();
    assertThat(log4j.getVulnerability().getKevDateAdded().getSeconds())
        .isEqualTo(java.time.LocalDate.parse("2021-12-10").toEpochDay() * 86400);
    assertThat(log4j.getVulnerability().getEpssScore()).isEqualTo(0.94358);
    assertThat(log4j.getVulnerability().getEpssPercentile()).isEqualTo(0.99957);
    assertThat(log4j.getVulnerability().getCwesList()).contains("CWE-502");
    assertThat(log4j.getVulnerability().getSourcesList()).containsExactly("ghsa");
    assertThat(log4j.getExplainList()).as("explain not asked for").isEmpty();
    assertThat(log4j.getVulnerability().getSeverity()).isEqualTo(Severity.SEVERITY_CRITICAL);
    assertThat(log4j.getVulnerability().getCvssScore()).isEqualTo(10.0);
    assertThat(log4j.getVulnerability().getSource()).isEqualTo("ghsa");
    assertThat(log4j.getVulnerability().getPublished().getSeconds()).isPositive();
    assertThat(log4j.getFixedVersion()).isEqualTo("2.15.0");
    assertThat(log4j.getMatchedRange()).isEqualTo("ECOSYSTEM introduced=2.13.0 fixed=2.15.0");
    assertThat(log4j.getEcosystem()).isEqualTo("Maven");

    VulnerabilityMatch ssl = only(r.getMatchesList(), "p-libssl3");
    assertThat(ssl.getVulnerability().getId()).isEqualTo("CVE-2023-5363");
    assertThat(ssl.getVulnerability().getAliasesList()).containsExactly("DSA-5532-1");
    assertThat(ssl.getVulnerability().getKev()).isFalse();
    assertThat(ssl.getMatchedName()).isEqualTo("openssl");
    assertThat(ssl.getEcosystem()).isEqualTo("Debian:12");
    assertThat(ssl.getFixedVersion()).isEqualTo("3.0.11-1~deb12u2");

    assertThat(r.getMatchesList())
        .extracting(VulnerabilityMatch::getPackageId)
        .doesNotContain("p-log4j-new", "p-openssl-fixed", "p-bad");
  }

  @Test
  void explainTracesTheDecidingComparisons() {
    MatchResponse r =
        stub.match(
            MatchRequest.newBuilder()
                .setOs(OperatingSystem.newBuilder().setId("debian").setVersionId("12"))
                .setExplain(true)
                .addPackages(pkg("p-libssl3", "Debian", "libssl3", "3.0.11-1~deb12u1", "openssl"))
                .addPackages(
                    pkg("p-log4j", "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", ""))
                .build());
    assertThat(only(r.getMatchesList(), "p-libssl3").getExplainList())
        .containsExactly(
            "Debian:12 libssl3 source=openssl [DSA-5532-1 from debian] introduced 0,"
                + " 3.0.11-1~deb12u1 < fixed 3.0.11-1~deb12u2 (dpkg) → affected");
    assertThat(only(r.getMatchesList(), "p-log4j").getExplainList())
        .contains(
            "Maven org.apache.logging.log4j:log4j-core [GHSA-jfh8-c2jp-5v3q from ghsa]"
                + " 2.14.1 >= introduced 2.13.0, 2.14.1 < fixed 2.15.0 (maven ComparableVersion)"
                + " → affected");
  }

  @Test
  void getVulnerabilityByAnyIdGivesTheMergedRecordItsPackagesAndSources() {
    GetVulnerabilityResponse byGhsa =
        stub.getVulnerability(
            GetVulnerabilityRequest.newBuilder().setId("GHSA-jfh8-c2jp-5v3q").build());
    GetVulnerabilityResponse byCve =
        stub.getVulnerability(GetVulnerabilityRequest.newBuilder().setId("CVE-2021-44228").build());
    assertThat(byCve).isEqualTo(byGhsa);
    assertThat(byCve.getVulnerability().getId()).isEqualTo("CVE-2021-44228");
    assertThat(byCve.getVulnerability().getKev()).isTrue();
    assertThat(byCve.getVulnerability().getSeverity()).isEqualTo(Severity.SEVERITY_CRITICAL);
    assertThat(byCve.getRecordsList())
        .extracting(AdvisoryRecord::getId, AdvisoryRecord::getSource)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("GHSA-jfh8-c2jp-5v3q", "ghsa"));
    assertThat(byCve.getAffectedList())
        .extracting(AffectedPackage::getEcosystem, AffectedPackage::getName)
        .contains(
            org.assertj.core.groups.Tuple.tuple("Maven", "org.apache.logging.log4j:log4j-core"));
    assertThat(byCve.getAffectedList())
        .flatExtracting(AffectedPackage::getRangesList)
        .contains("ECOSYSTEM introduced=2.13.0 fixed=2.15.0");

    GetVulnerabilityResponse dsa =
        stub.getVulnerability(GetVulnerabilityRequest.newBuilder().setId("DSA-5532-1").build());
    assertThat(dsa.getVulnerability().getId()).isEqualTo("CVE-2023-5363");
    assertThat(dsa.getVulnerability().getEpssScore()).isEqualTo(0.00215);
    assertThat(dsa.getAffectedList())
        .extracting(AffectedPackage::getEcosystem, AffectedPackage::getName)
        .contains(org.assertj.core.groups.Tuple.tuple("Debian:12", "openssl"));

    assertThatThrownBy(
            () ->
                stub.getVulnerability(
                    GetVulnerabilityRequest.newBuilder().setId("CVE-1900-0001").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(
            () -> stub.getVulnerability(GetVulnerabilityRequest.newBuilder().setId(" ").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void feedStatusReportsEveryConfiguredLocation() {
    List<FeedInfo> feeds = stub.feedStatus(FeedStatusRequest.getDefaultInstance()).getFeedsList();
    assertThat(feeds).hasSize(5);
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
