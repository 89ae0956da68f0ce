package dev.tallyman.analyzer;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.deploy.TestStack;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.MatchRequest;
import dev.tallyman.proto.v1.MatchResponse;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Sbom;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.proto.v1.Vulnerability;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole service against the real parts: a real registry (images pushed through its HTTP API), a
 * real Kafka broker, and a real gRPC server on 127.0.0.1 standing in for advisory-service.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzerPipelineTest implements TestPropertyProvider {
  private static final String LOG4J = "org.apache.logging.log4j:log4j-core";
  private final String prefix = "analyzer-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<MatchRequest> matchRequests = new CopyOnWriteArrayList<>();
  private Server advisory;

  /** Answers like advisory-service would for Log4Shell: log4j-core 2.14.x is affected. */
  private final class AdvisoryStub extends AdvisoryServiceGrpc.AdvisoryServiceImplBase {
    @Override
    public void match(MatchRequest request, StreamObserver<MatchResponse> response) {
      matchRequests.add(request);
      MatchResponse.Builder out = MatchResponse.newBuilder().setAdvisoryCount(1);
      for (Package p : request.getPackagesList()) {
        if (p.getName().equals(LOG4J) && p.getVersion().startsWith("2.14.")) {
          out.addMatches(
              VulnerabilityMatch.newBuilder()
                  .setPackageId(p.getId())
                  .setFixedVersion("2.15.0")
                  .setMatchedRange(">=2.0-beta9, <2.15.0")
                  .setEcosystem("Maven")
                  .setMatchedName(LOG4J)
                  .setVulnerability(
                      Vulnerability.newBuilder()
                          .setId("GHSA-jfh8-c2jp-5v3q")
                          .addAliases("CVE-2021-44228")
                          .setSummary("Remote code injection in Log4j")
                          .setSeverity(Severity.SEVERITY_CRITICAL)
                          .setCvssScore(10.0)
                          .setSource("osv")));
        }
      }
      response.onNext(out.build());
      response.onCompleted();
    }
  }

  @Override
  public Map<String, String> getProperties() {
    try {
      advisory =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(new AdvisoryStub())
              .build()
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "kafka.bootstrap.servers", TestStack.kafka().bootstrapServers(),
        "tallyman.topics.prefix", prefix,
        "grpc.channels.advisory.address", "127.0.0.1:" + advisory.getPort(),
        "tallyman.analyzer.retry.max-attempts", "2",
        "tallyman.analyzer.retry.initial-delay", "100ms",
        "tallyman.analyzer.retry.max-delay", "200ms",
        "micronaut.server.port", "-1");
  }

  @AfterAll
  void stopAdvisory() throws InterruptedException {
    advisory.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  static final String OS_RELEASE =
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";
  static final String STATUS =
      "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n";

  private static TestImage image() {
    return image(List.of("ADD rootfs.tar /", "COPY lib/ /app/lib/"));
  }

  private static TestImage image(List<String> history) {
    byte[] base =
        TestArchives.tar(
            file("usr/lib/os-release", OS_RELEASE), file("var/lib/dpkg/status", STATUS));
    byte[] jar =
        TestArchives.jar(
            Map.of("Implementation-Version", "2.14.1"),
            Map.of(
                "org/apache/logging/log4j/core/lookup/JndiLookup.class",
                TestArchives.fakeClass("JndiLookup"),
                "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties",
                TestArchives.pomProperties("org.apache.logging.log4j", "log4j-core", "2.14.1")));
    byte[] app = TestArchives.tar(file("app/lib/log4j-core-2.14.1.jar", jar));
    return new TestImage("amd64", List.of(base, app), history);
  }

  private void send(String registry, String repository, String tag, String digest) {
    send(".image-events", registry, repository, tag, digest);
  }

  private void send(String lane, String registry, String repository, String tag, String digest) {
    ImageEvent event =
        ImageEvent.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setRegistry(registry)
            .setRepository(repository)
            .setTag(tag)
            .setDigest(digest)
            .setMediaType("application/vnd.oci.image.manifest.v1+json")
            .setAction(ImageAction.IMAGE_ACTION_PUSH)
            .build();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafka().bootstrapServers());
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(prefix + lane, digest, event.toByteArray()))
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a topic from the beginning until records with this key satisfy the condition. */
  private List<ConsumerRecord<String, byte[]>> read(String topic, String key, int atLeast) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafka().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> found = new CopyOnWriteArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(500))
                    .forEach(
                        r -> {
                          if (key.equals(r.key())) {
                            found.add(r);
                          }
                        });
                return found.size() >= atLeast;
              });
    }
    return found;
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void pushedImageYieldsSbomAndFindings() throws Exception {
    TestImage img = image();
    String registry = TestStack.registry().hostPort();
    new RegistryPush(TestStack.registry().url())
        .push("it/log4j-app", "1.0", img.blobs, img.manifest);

    send(registry, "it/log4j-app", "1.0", img.manifestDigest);

    Sbom sbom = Sbom.parseFrom(read(prefix + ".sboms", img.manifestDigest, 1).get(0).value());
    assertThat(sbom.getImageDigest()).isEqualTo(img.manifestDigest);
    assertThat(sbom.getConfigDigest()).isEqualTo(img.configDigest);
    assertThat(sbom.getPartCount()).isEqualTo(1);
    assertThat(sbom.getOs().getId()).isEqualTo("debian");
    assertThat(sbom.getLocation().getRepository()).isEqualTo("it/log4j-app");
    assertThat(sbom.getPackagesList())
        .extracting(Package::getPurl)
        .containsExactly(
            "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");

    FindingsReport report =
        FindingsReport.parseFrom(read(prefix + ".findings", img.manifestDigest, 1).get(0).value());
    assertThat(report.getFindingCount()).isEqualTo(1);
    assertThat(report.getSbomId()).isEqualTo(sbom.getSbomId());
    var finding = report.getFindings(0);
    assertThat(finding.getVulnerabilityId()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(finding.getAliasesList()).containsExactly("CVE-2021-44228");
    assertThat(finding.getSeverity()).isEqualTo(Severity.SEVERITY_CRITICAL);
    assertThat(finding.getFixedVersion()).isEqualTo("2.15.0");
    assertThat(finding.getPackage().getPath()).isEqualTo("/app/lib/log4j-core-2.14.1.jar");
    assertThat(finding.getPackage().getLayerDiffId()).isEqualTo(img.diffIds.get(1));
    assertThat(finding.getPackage().getLayerCreatedBy()).isEqualTo("COPY lib/ /app/lib/");
    assertThat(matchRequests).anySatisfy(m -> assertThat(m.getOs().getVersionId()).isEqualTo("12"));
  }

  @Test
  void pushedIndexYieldsOneSbomAndReportPerPlatformAndSkipsArtifacts() throws Exception {
    byte[] base =
        TestArchives.tar(
            file("usr/lib/os-release", OS_RELEASE), file("var/lib/dpkg/status", STATUS));
    TestImage amd = new TestImage("amd64", List.of(base), List.of("ADD rootfs.tar /"));
    TestImage arm =
        new TestImage(
            "arm64",
            List.of(base, TestArchives.tar(file("etc/arm-marker", "arm"))),
            List.of("ADD rootfs.tar /", "COPY marker /etc/"));
    RegistryPush push = new RegistryPush(TestStack.registry().url());
    String repo = "it/multi-" + prefix;
    push.push(repo, amd.manifestDigest, amd.blobs, amd.manifest);
    push.push(repo, arm.manifestDigest, arm.blobs, arm.manifest);
    // a cosign-style signature manifest beside them (image config type, signing payload layer)
    byte[] payload = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
    byte[] sigConfig = "{\"os\":\"\",\"architecture\":\"\"}".getBytes(StandardCharsets.UTF_8);
    String sigManifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + Digests.sha256(sigConfig)
            + "\",\"size\":"
            + sigConfig.length
            + "},\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\","
            + "\"digest\":\""
            + Digests.sha256(payload)
            + "\",\"size\":"
            + payload.length
            + "}]}";
    byte[] sig = sigManifest.getBytes(StandardCharsets.UTF_8);
    push.push(
        repo,
        Digests.sha256(sig),
        Map.of(Digests.sha256(sigConfig), sigConfig, Digests.sha256(payload), payload),
        sig);
    String index =
        new String(TestImage.index(List.of(amd, arm), null), StandardCharsets.UTF_8)
            .replace(
                "]}",
                ",{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                    + Digests.sha256(sig)
                    + "\",\"size\":"
                    + sig.length
                    + "}]}");
    byte[] indexBytes = index.getBytes(StandardCharsets.UTF_8);
    String indexDigest = Digests.sha256(indexBytes);
    push.putManifest(repo, "multi", indexBytes, "application/vnd.oci.image.index.v1+json");

    send(TestStack.registry().hostPort(), repo, "multi", indexDigest);

    for (TestImage img : List.of(amd, arm)) {
      Sbom sbom = Sbom.parseFrom(read(prefix + ".sboms", img.manifestDigest, 1).get(0).value());
      assertThat(sbom.getIndexDigest()).isEqualTo(indexDigest);
      assertThat(sbom.getPlatform().getArchitecture()).isEqualTo(img.architecture);
      assertThat(sbom.getPackagesList()).extracting(Package::getName).contains("zlib1g");
      assertThat(sbom.getNotesList())
          .anySatisfy(n -> assertThat(n).startsWith("skipped artifact " + Digests.sha256(sig)));
      FindingsReport report =
          FindingsReport.parseFrom(
              read(prefix + ".findings", img.manifestDigest, 1).get(0).value());
      assertThat(report.getPlatform().getArchitecture()).isEqualTo(img.architecture);
    }
  }

  @Test
  void oneDigestUnderASecondTagIsNotAnalyzedAgainButReportedWithBothTags() throws Exception {
    // same content, its own history line: a digest no other test pushes
    TestImage img = image(List.of("ADD rootfs.tar /", "COPY lib/ /app/lib/ # dedupe"));
    String registry = TestStack.registry().hostPort();
    RegistryPush push = new RegistryPush(TestStack.registry().url());
    push.push("it/dedupe", "1.0", img.blobs, img.manifest);
    push.push("it/dedupe", "stable", img.blobs, img.manifest);

    send(registry, "it/dedupe", "1.0", img.manifestDigest);
    Sbom first = Sbom.parseFrom(read(prefix + ".sboms", img.manifestDigest, 1).get(0).value());
    int matchesAfterFirst = matchRequests.size();
    // the poller finds the second tag: it comes through the bulk lane
    send(".image-events-bulk", registry, "it/dedupe", "stable", img.manifestDigest);
    List<ConsumerRecord<String, byte[]>> sboms = read(prefix + ".sboms", img.manifestDigest, 2);
    List<ConsumerRecord<String, byte[]>> reports =
        read(prefix + ".findings", img.manifestDigest, 2);

    Sbom second = Sbom.parseFrom(sboms.get(1).value());
    FindingsReport report = FindingsReport.parseFrom(reports.get(1).value());
    assertThat(first.getLocationsList()).extracting(l -> l.getTag()).containsExactly("1.0");
    assertThat(second.getSbomId()).isEqualTo(first.getSbomId());
    assertThat(second.getPackagesList()).isEqualTo(first.getPackagesList());
    assertThat(second.getLocationsList())
        .extracting(l -> l.getRegistry() + "/" + l.getRepository() + ":" + l.getTag())
        .containsExactly(registry + "/it/dedupe:1.0", registry + "/it/dedupe:stable");
    assertThat(report.getLocationsList()).isEqualTo(second.getLocationsList());
    assertThat(report.getFindingCount()).isEqualTo(1);
    // matched once: the second tag was attached, not analyzed
    assertThat(matchRequests).hasSize(matchesAfterFirst);
  }

  @Test
  void missingImageIsDeadLetteredWithItsCause() {
    String digest = "sha256:" + "0".repeat(64);
    send(TestStack.registry().hostPort(), "it/does-not-exist", "", digest);

    var parked = read(prefix + ".image-events.dlq", digest, 1).get(0);
    assertThat(header(parked, KafkaHeaders.DLQ_ERROR_CLASS))
        .isEqualTo("dev.tallyman.kit.kafka.PermanentFailure");
    assertThat(header(parked, KafkaHeaders.DLQ_ERROR_MESSAGE)).contains("not found");
  }

  @Test
  void layerThatDoesNotMatchItsDiffIdIsDeadLettered() throws Exception {
    TestImage img = image();
    // Same blobs, but the config claims a different uncompressed digest for the jar layer.
    String fakeDiffId = Digests.sha256("not the layer".getBytes(StandardCharsets.UTF_8));
    byte[] config =
        new String(img.config, StandardCharsets.UTF_8)
            .replace(img.diffIds.get(1), fakeDiffId)
            .getBytes(StandardCharsets.UTF_8);
    String configDigest = Digests.sha256(config);
    byte[] manifest =
        new String(img.manifest, StandardCharsets.UTF_8)
            .replace(img.configDigest, configDigest)
            .getBytes(StandardCharsets.UTF_8);
    String manifestDigest = Digests.sha256(manifest);
    Map<String, byte[]> blobs = new java.util.LinkedHashMap<>(img.blobs);
    blobs.remove(img.configDigest);
    blobs.put(configDigest, config);
    new RegistryPush(TestStack.registry().url()).push("it/tampered", "1", blobs, manifest);

    send(TestStack.registry().hostPort(), "it/tampered", "1", manifestDigest);

    var parked = read(prefix + ".image-events.dlq", manifestDigest, 1).get(0);
    assertThat(header(parked, KafkaHeaders.DLQ_ERROR_MESSAGE))
        .contains("digest mismatch")
        .contains(fakeDiffId);
  }
}
