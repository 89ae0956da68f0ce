package dev.tallyman.advisory.service.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.advisory.service.feed.FeedSync;
import dev.tallyman.contracts.Topics;
import dev.tallyman.deploy.LocalKafka;
import dev.tallyman.deploy.SharedData;
import dev.tallyman.proto.v1.AdvisoryChange;
import dev.tallyman.proto.v1.AdvisoryChangeBatch;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.FeedInfo;
import dev.tallyman.proto.v1.FeedStatusRequest;
import dev.tallyman.proto.v1.MatchRequest;
import dev.tallyman.proto.v1.OperatingSystem;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker, a sync-only and a serve-only advisory-service: the serve replica answers Match and
 * FeedStatus with what the sync replica wrote to the compacted topic, follows its changes and
 * materializes the same data again after a restart; change events carry exactly the real changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicatedServingKafkaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "replica-test";

  @TempDir Path tmp;
  private LocalKafka kafka;
  private Path mirror;
  private final Topics topics = new Topics(PREFIX);

  @BeforeAll
  void startKafka(@TempDir Path dir) throws Exception {
    kafka = LocalKafka.start(dir.resolve("kafka"));
  }

  @AfterAll
  void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private Map<String, Object> props(String roles) {
    Map<String, Object> p = new HashMap<>();
    p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    p.put("tallyman.topics.prefix", PREFIX);
    p.put("tallyman.advisories.replication.enabled", "true");
    p.put("tallyman.advisories.roles", roles);
    p.put("tallyman.advisories.paths", "");
    p.put("grpc.server.port", "${random.port}");
    p.put("micronaut.server.port", "-1");
    if (roles.contains("sync")) {
      p.put("tallyman.feeds.debian.type", "debian");
      p.put("tallyman.feeds.debian.location", mirror.toString());
      p.put("tallyman.feeds.debian.path", "json");
      p.put("tallyman.feeds.debian.interval", "PT1H");
    }
    return p;
  }

  private static ApplicationContext start(Map<String, Object> props) {
    ApplicationContext ctx = ApplicationContext.run(props);
    GrpcEmbeddedServer g = ctx.getBean(GrpcEmbeddedServer.class);
    if (!g.isRunning()) {
      g.start();
    }
    return ctx;
  }

  private static <T> T call(
      ApplicationContext ctx, Function<AdvisoryServiceGrpc.AdvisoryServiceBlockingStub, T> f)
      throws InterruptedException {
    int port = ctx.getBean(GrpcEmbeddedServer.class).getPort();
    ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      return f.apply(AdvisoryServiceGrpc.newBlockingStub(ch));
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static FeedInfo debianStatus(ApplicationContext ctx) throws InterruptedException {
    return call(ctx, s -> s.feedStatus(FeedStatusRequest.getDefaultInstance()))
        .getFeedsList()
        .stream()
        .filter(f -> f.getName().equals("debian"))
        .findFirst()
        .orElse(FeedInfo.getDefaultInstance());
  }

  private static List<String> matches(ApplicationContext ctx) throws InterruptedException {
    Package p =
        Package.newBuilder()
            .setId("p1")
            .setEcosystem("Debian")
            .setName("libjs-prototype")
            .setVersion("1.5.0-1")
            .setSourceName("prototypejs")
            .build();
    MatchRequest req =
        MatchRequest.newBuilder()
            .setOs(OperatingSystem.newBuilder().setId("debian").setVersionId("9"))
            .addPackages(p)
            .build();
    return call(ctx, s -> s.match(req)).getMatchesList().stream()
        .map(VulnerabilityMatch::getVulnerability)
        .map(v -> v.getId())
        .toList();
  }

  /** Every change batch on the topic so far (read to the end offsets). */
  private List<AdvisoryChangeBatch> changeBatches() throws Exception {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<AdvisoryChangeBatch> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topics.advisoryChanges()).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(AdvisoryChangeBatch.parseFrom(r.value()));
        }
      }
    }
    return out;
  }

  private static List<AdvisoryChange> changes(List<AdvisoryChangeBatch> batches) {
    return batches.stream().flatMap(b -> b.getChangesList().stream()).toList();
  }

  private void writeTracker(ObjectNode tracker, boolean pretty) throws Exception {
    Path tmpFile = mirror.resolve("json.tmp");
    if (pretty) {
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmpFile.toFile(), tracker);
    } else {
      JSON.writeValue(tmpFile.toFile(), tracker);
    }
    Files.move(tmpFile, mirror.resolve("json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void serveReplicaAnswersWithWhatTheSyncReplicaWroteAndFollowsRealChangesOnly() throws Exception {
    mirror = Files.createDirectories(tmp.resolve("mirror"));
    ObjectNode tracker =
        (ObjectNode)
            JSON.readTree(
                SharedData.advisories()
                    .resolve(
                        "vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json")
                    .toFile());
    writeTracker(tracker, false);

    ApplicationContext sync = start(props("sync"));
    ApplicationContext serve = null;
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> changes(changeBatches()).size() >= 6);
      List<AdvisoryChange> first = changes(changeBatches());
      assertThat(first).hasSize(6).allMatch(c -> c.getKind() == AdvisoryChange.Kind.KIND_NEW);
      AdvisoryChange proto =
          first.stream()
              .filter(c -> c.getAdvisoryId().equals("DEBIAN-CVE-2008-7220"))
              .findFirst()
              .orElseThrow();
      assertThat(proto.getPackagesList())
          .anyMatch(p -> p.getEcosystem().equals("Debian:9") && p.getName().equals("prototypejs"));
      assertThat(proto.getAliasesList()).contains("CVE-2008-7220");

      serve = start(props("serve"));
      // start-up waits for the topic: the serve replica answers at once, with the sync side's
      // status
      FeedInfo st = debianStatus(serve);
      assertThat(st.getRecordCount()).isEqualTo(6);
      assertThat(st.getRejectedCount()).isEqualTo(1);
      assertThat(st.hasLastSuccess()).isTrue();
      assertThat(st.getStale()).isFalse();
      assertThat(matches(serve)).contains("CVE-2008-7220");
      assertThat(serve.findBean(FeedSync.class).orElseThrow().runner("debian")).isEmpty();

      // A real change: txt2man goes away, prototypejs is fixed earlier in stretch.
      tracker.remove("txt2man");
      ((ObjectNode) tracker.at("/prototypejs/CVE-2008-7220/releases/stretch"))
          .put("fixed_version", "1.5.0-1");
      writeTracker(tracker, false);
      assertThat(sync.getBean(FeedSync.class).syncNow("debian")).isTrue();
      List<AdvisoryChange> all = changes(changeBatches());
      List<AdvisoryChange> second = all.subList(6, all.size());
      assertThat(second)
          .extracting(AdvisoryChange::getAdvisoryId, AdvisoryChange::getKind)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "DEBIAN-CVE-2008-7220", AdvisoryChange.Kind.KIND_CHANGED),
              org.assertj.core.groups.Tuple.tuple(
                  "DEBIAN-CVE-2013-1444", AdvisoryChange.Kind.KIND_DELETED));
      assertThat(
              second.stream()
                  .filter(c -> c.getKind() == AdvisoryChange.Kind.KIND_DELETED)
                  .findFirst()
                  .orElseThrow()
                  .getPackagesList())
          .anyMatch(p -> p.getName().equals("txt2man"));
      ApplicationContext s = serve;
      await().atMost(Duration.ofSeconds(30)).until(() -> !matches(s).contains("CVE-2008-7220"));
      assertThat(debianStatus(serve).getRecordCount()).isEqualTo(5);

      // Same content, other bytes: the feed re-parses but nothing is published.
      int before = changeBatches().size();
      writeTracker(tracker, true);
      assertThat(sync.getBean(FeedSync.class).syncNow("debian")).isTrue();
      assertThat(changeBatches()).hasSize(before);

      // A restarted serve replica materializes the same data from the topic.
      serve.close();
      serve = start(props("serve"));
      assertThat(debianStatus(serve).getRecordCount()).isEqualTo(5);
      assertThat(matches(serve)).doesNotContain("CVE-2008-7220");
      assertThat(serve.getBean(Replication.class).state().records("debian").keySet())
          .hasSize(5)
          .doesNotContain("DEBIAN-CVE-2013-1444");
    } finally {
      sync.close();
      if (serve != null) {
        serve.close();
      }
    }

    // A restarted sync replica resumes from the topic's cursor: nothing new is published.
    int before = changeBatches().size();
    try (ApplicationContext again = start(props("sync"))) {
      FeedSync fs = again.getBean(FeedSync.class);
      assertThat(fs.runner("debian").orElseThrow().records()).hasSize(5);
      assertThat(fs.syncNow("debian")).isTrue();
      assertThat(changeBatches()).hasSize(before);
    }
  }
}
