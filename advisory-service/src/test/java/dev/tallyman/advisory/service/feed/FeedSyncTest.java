package dev.tallyman.advisory.service.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.FeedInfo;
import dev.tallyman.proto.v1.FeedStatusRequest;
import dev.tallyman.proto.v1.MatchRequest;
import dev.tallyman.proto.v1.OperatingSystem;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Feeds configured under {@code tallyman.feeds.*} synced from a real HTTP stand-in on 127.0.0.1
 * serving the real Debian tracker and KEV samples; FeedStatus and Match over the real gRPC server.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedSyncTest implements TestPropertyProvider {
  @Inject GrpcEmbeddedServer grpcServer;
  @Inject FeedSync sync;

  private HttpServer origin;
  private volatile int failStatus;

  static Path advisories() {
    return dev.tallyman.deploy.SharedData.advisories();
  }

  private void serve(String path, Path file) {
    origin.createContext(
        "/" + path,
        ex -> {
          try (HttpExchange e = ex) {
            if (failStatus != 0) {
              e.sendResponseHeaders(failStatus, -1);
              return;
            }
            byte[] body = Files.readAllBytes(file);
            e.sendResponseHeaders(200, body.length);
            try (OutputStream out = e.getResponseBody()) {
              out.write(body);
            }
          }
        });
  }

  @Override
  public Map<String, String> getProperties() {
    try {
      origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path data = advisories();
    serve(
        "tracker/data/json",
        data.resolve(
            "vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json"));
    serve("kev.json", data.resolve("kev/known_exploited_vulnerabilities.json"));
    origin.start();
    String url = "http://127.0.0.1:" + origin.getAddress().getPort() + "/";
    return Map.ofEntries(
        Map.entry("tallyman.advisories.paths", ""),
        Map.entry("tallyman.feeds.debian.type", "debian"),
        Map.entry("tallyman.feeds.debian.location", url),
        Map.entry("tallyman.feeds.debian.interval", "PT1H"),
        Map.entry("tallyman.feeds.kev.type", "kev"),
        Map.entry("tallyman.feeds.kev.location", url),
        Map.entry("tallyman.feeds.kev.path", "kev.json"),
        Map.entry("tallyman.feeds.epss.type", "epss"),
        Map.entry("tallyman.feeds.epss.location", url),
        Map.entry("grpc.server.port", "${random.port}"),
        Map.entry("micronaut.server.port", "-1"));
  }

  @AfterAll
  void stopOrigin() {
    origin.stop(0);
  }

  private <T> T withStub(
      java.util.function.Function<AdvisoryServiceGrpc.AdvisoryServiceBlockingStub, T> f)
      throws InterruptedException {
    ManagedChannel ch =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
    try {
      return f.apply(AdvisoryServiceGrpc.newBlockingStub(ch));
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private FeedInfo feed(String name) throws InterruptedException {
    return withStub(s -> s.feedStatus(FeedStatusRequest.getDefaultInstance()))
        .getFeedsList()
        .stream()
        .filter(f -> f.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private List<String> matches() throws InterruptedException {
    Package p =
        Package.newBuilder()
            .setId("p1")
            .setEcosystem("Debian")
            .setName("libjs-prototype")
            .setVersion("1.5.0-1")
            .setSourceName("prototypejs")
            .build();
    return withStub(
            s ->
                s.match(
                    MatchRequest.newBuilder()
                        .setOs(OperatingSystem.newBuilder().setId("debian").setVersionId("9"))
                        .addPackages(p)
                        .build()))
        .getMatchesList()
        .stream()
        .map(VulnerabilityMatch::getVulnerability)
        .map(v -> v.getId())
        .toList();
  }

  @Test
  void configuredFeedsSyncServeMatchesAndAnOutageKeepsTheLastGoodData() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> feed("debian").hasLastSuccess() && feed("kev").hasLastSuccess());
    FeedInfo debian = feed("debian");
    assertThat(debian.getRecordCount()).isEqualTo(6);
    assertThat(debian.getRejectedCount()).isEqualTo(1);
    assertThat(debian.getStale()).isFalse();
    assertThat(feed("kev").getEnrichmentCount()).isEqualTo(1404);
    // EPSS has no route on the origin: never loaded, so stale, with the reason
    FeedInfo epss = feed("epss");
    assertThat(epss.hasLastSuccess()).isFalse();
    assertThat(epss.getStale()).isTrue();
    assertThat(epss.getError()).contains("HTTP 404");
    assertThat(matches()).contains("CVE-2008-7220").doesNotContain("CVE-2007-2383");

    failStatus = 503;
    assertThat(sync.syncNow("debian")).isFalse();
    FeedInfo after = feed("debian");
    assertThat(after.getError()).contains("HTTP 503");
    assertThat(after.getRecordCount()).isEqualTo(6);
    assertThat(after.getLastSuccess()).isEqualTo(debian.getLastSuccess());
    assertThat(after.getLastAttempt().getSeconds())
        .isGreaterThanOrEqualTo(debian.getLastAttempt().getSeconds());
    assertThat(matches()).contains("CVE-2008-7220");

    failStatus = 0;
    assertThat(sync.syncNow("debian")).isTrue();
    assertThat(feed("debian").getError()).isEmpty();
  }
}
