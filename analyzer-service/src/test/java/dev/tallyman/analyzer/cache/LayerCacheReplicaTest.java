package dev.tallyman.analyzer.cache;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tallyman.analysis.Analyzer;
import dev.tallyman.analysis.catalog.Catalogers;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.ImageReference;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.reuse.LayerAnalysisCodec;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.source.RegistrySource;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import dev.tallyman.analyzer.RegistryPush;
import dev.tallyman.deploy.TestStack;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reuse across a restart / another replica, against a real Kafka and a real registry: the second
 * analyzer context never fetches the base layer the first one analyzed, and still gets B right.
 */
class LayerCacheReplicaTest {
  static final String OS_RELEASE = "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";
  static final String STATUS =
      "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n";

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String prefix = "analyzer-cache-" + run;

  private Map<String, Object> properties() {
    return Map.of(
        "kafka.bootstrap.servers",
        TestStack.kafka().bootstrapServers(),
        "tallyman.topics.prefix",
        prefix,
        "grpc.channels.advisory.address",
        "127.0.0.1:1",
        "micronaut.server.port",
        "-1");
  }

  private static byte[] jar(String artifact, String version) {
    return TestArchives.jar(
        Map.of(),
        Map.of(
            "META-INF/maven/org.example/" + artifact + "/pom.properties",
            TestArchives.pomProperties("org.example", artifact, version)));
  }

  private static Sbom analyze(ApplicationContext ctx, String repository, TestImage img)
      throws IOException {
    String registry = TestStack.registry().hostPort();
    try (RegistrySource source =
        new RegistrySource(
            ctx.getBean(RegistryClient.class),
            ImageReference.of(registry, repository, "1", img.manifestDigest),
            ctx.getBean(LayerLimits.class))) {
      return ctx.getBean(Analyzer.class).analyze(source).get(0);
    }
  }

  private static String logSince(long mark) throws IOException {
    byte[] all = Files.readAllBytes(TestStack.registry().logFile());
    return new String(
        all,
        (int) Math.min(mark, all.length),
        (int) Math.max(0, all.length - mark),
        StandardCharsets.UTF_8);
  }

  private static boolean fetched(String log, String repository, String digest) {
    return log.contains("\"GET /v2/" + repository + "/blobs/" + digest + " ");
  }

  @Test
  void secondContextReusesTheBaseLayerWithoutFetchingIt() throws Exception {
    // The marker makes the base layer (and so its digests) unique to this run.
    byte[] base =
        TestArchives.tar(
            file("etc/os-release", OS_RELEASE),
            file("var/lib/dpkg/status", STATUS),
            file("etc/run-marker", run));
    TestImage a =
        new TestImage(
            "amd64",
            List.of(base, TestArchives.tar(file("app/a.jar", jar("a", "1")))),
            List.of("ADD rootfs.tar /", "COPY a.jar /app/"));
    TestImage b =
        new TestImage(
            "amd64",
            List.of(base, TestArchives.tar(file("app/b.jar", jar("b", "2")))),
            List.of("ADD base-of-b.tar /", "COPY b.jar /app/"));
    String repoA = "it/reuse-a-" + run;
    String repoB = "it/reuse-b-" + run;
    RegistryPush push = new RegistryPush(TestStack.registry().url());
    push.push(repoA, "1", a.blobs, a.manifest);
    push.push(repoB, "1", b.blobs, b.manifest);
    String baseDigest = a.layerDigests.get(0);
    assertThat(b.layerDigests.get(0)).isEqualTo(baseDigest);
    Path log = TestStack.registry().logFile();

    long beforeA = Files.size(log);
    try (ApplicationContext first = ApplicationContext.run(properties())) {
      Sbom sbomA = analyze(first, repoA, a);
      assertThat(sbomA.packages()).extracting(Package::name).contains("zlib1g", "org.example:a");
    } // closing flushes the producer
    // Positive control: the first context did fetch the base layer, and the log shows it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fetched(logSince(beforeA), repoA, baseDigest));

    long beforeB = Files.size(log);
    try (ApplicationContext second = ApplicationContext.run(properties())) {
      KafkaLayerCache cache = second.getBean(KafkaLayerCache.class);
      assertThat(cache.awaitLoaded(Duration.ofSeconds(60))).isTrue();
      String baseKey =
          LayerAnalysisCodec.key(
              Catalogers.defaults(), second.getBean(LayerLimits.class), a.diffIds.get(0));
      assertThat(cache.get(baseKey)).isPresent();

      Sbom sbomB = analyze(second, repoB, b);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> fetched(logSince(beforeB), repoB, b.layerDigests.get(1)));
      String since = logSince(beforeB);
      assertThat(since).doesNotContain("/blobs/" + baseDigest);

      Package zlib =
          sbomB.packages().stream()
              .filter(p -> p.name().equals("zlib1g"))
              .findFirst()
              .orElseThrow();
      assertThat(zlib.layer().diffId()).isEqualTo(b.diffIds.get(0));
      assertThat(zlib.layer().createdBy()).isEqualTo("ADD base-of-b.tar /");
      assertThat(zlib.purl()).contains("distro=debian-12");
      assertThat(sbomB.packages())
          .extracting(Package::name)
          .containsExactlyInAnyOrder("zlib1g", "org.example:b");

      // And it is exactly what reading every layer gives.
      Analyzer uncached = new Analyzer(Catalogers.defaults(), second.getBean(LayerLimits.class));
      try (RegistrySource source =
          new RegistrySource(
              second.getBean(RegistryClient.class),
              ImageReference.of(TestStack.registry().hostPort(), repoB, "1", b.manifestDigest),
              second.getBean(LayerLimits.class))) {
        assertThat(uncached.analyze(source).get(0)).isEqualTo(sbomB);
      }
    }
  }
}
