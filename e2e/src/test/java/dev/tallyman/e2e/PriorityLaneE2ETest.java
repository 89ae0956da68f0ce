package dev.tallyman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.Sbom;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Priority lanes and digest dedupe, end to end (issue 6, ADR 0013), with the whole pipeline as real
 * processes: a mirror registry of {@value #DEFAULT_BULK} distinct images that ingest polls (bulk
 * lane), a bulk rescan of all of them, and a push to a registry that notifies ingest (priority
 * lane) made while that rescan's backlog is still queued. Judged by order, never by time: when the
 * analyzer has handled the push, most of the rescan must still be waiting, and hardly any bulk
 * image may have been handled while the push waited. (With the bulk lane never paused — {@code
 * LaneConsumer.gateBulkLane} a no-op — this fails: the push then queues behind the bulk records the
 * consumer has already fetched.)
 */
class PriorityLaneE2ETest {
  static final int DEFAULT_BULK = 300;
  private static final int BULK = Integer.getInteger("tallyman.e2e.bulk-images", DEFAULT_BULK);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static PipelineStack stack;
  private static RegistryImages images;
  private static Path workDir;

  @BeforeAll
  static void startPipeline() throws Exception {
    Path repoRoot = Path.of(System.getProperty("tallyman.repo.root", "..")).toAbsolutePath();
    workDir = Files.createTempDirectory(Path.of("/tmp"), "tallyman-e2e-lanes-");
    System.out.println("e2e: work dir (logs of every process) " + workDir);
    images = RegistryImages.withDebianLayer(workDir.resolve("image"));
    Path debianFixtures =
        Path.of(PriorityLaneE2ETest.class.getResource("/advisories/debian").toURI());
    stack =
        PipelineStack.start(
            repoRoot,
            workDir,
            List.of(debianFixtures),
            new PipelineStack.Options(
                true,
                mirror -> {
                  long t0 = System.nanoTime();
                  images.pushMany(mirror.hostPort(), "bulk", BULK, 100, 4);
                  System.out.printf(
                      "e2e: pushed %d images to the mirror in %d ms%n",
                      BULK, (System.nanoTime() - t0) / 1_000_000);
                }));
  }

  @AfterAll
  static void stopPipeline() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aPushDuringABulkRescanIsAnalyzedBeforeMostOfTheRescan() throws Exception {
    try (LaneProgress lanes = new LaneProgress(stack.kafka.bootstrapServers())) {
      // the poller's first pass put every mirror image in the bulk lane: let it drain first, so
      // what is waiting below is the rescan alone
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                LaneProgress.Counts c = lanes.of(LaneProgress.BULK);
                return c.written() >= BULK && c.waiting() == 0;
              });
      long before = lanes.of(LaneProgress.BULK).written();

      HttpResponse<String> rescan =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/v1/rescans"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + stack.webhookToken)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"registry\": \"mirror\", \"repositoryPrefix\": \"bulk\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(rescan.statusCode()).as(rescan.body()).isEqualTo(202);
      assertThat(JSON.readTree(rescan.body()).path("digests").asInt()).isEqualTo(BULK);

      // a push through the registry's own notification, while the rescan is queued
      LaneProgress.Counts priorityBefore = lanes.of(LaneProgress.PRIORITY);
      assertThat(priorityBefore.waiting()).isZero();
      String repository = "team/app-" + UUID.randomUUID().toString().substring(0, 8);
      RegistryImages.Pushed pushed =
          images.push(stack.registry.hostPort(), repository, "1.0", repository);
      LaneProgress.Counts atPush = lanes.of(LaneProgress.BULK);

      // the analyzer commits an image event once it has published the image's findings
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> lanes.of(LaneProgress.PRIORITY).handled() > priorityBefore.written());
      LaneProgress.Counts atAnalyzed = lanes.of(LaneProgress.BULK);
      long rescanLeft = before + BULK - atAnalyzed.handled();
      long bulkWhilePushWaited = atAnalyzed.handled() - atPush.handled();
      System.out.printf(
          "e2e lanes: rescan of %d; waiting when pushed %d; bulk images handled while the push"
              + " waited %d; still waiting when the push was analyzed %d%n",
          BULK, atPush.waiting(), bulkWhilePushWaited, rescanLeft);
      // the push really was made during a large bulk backlog
      assertThat(atPush.waiting()).isGreaterThanOrEqualTo(BULK / 2);
      // While the push waits, the analyzer may finish the bulk image in flight and keep reading
      // bulk images until the push's event reaches the priority lane (notification, ingest). Not
      // prioritized, the push queues behind the bulk records the consumer has already fetched —
      // with 3 partitions at least one partition's share, about a third of the backlog (94 of
      // 250 and 148 of 255 when tried with the bulk lane never paused; 3 and 0 with it).
      assertThat(bulkWhilePushWaited)
          .as("bulk images handled between the push and its analysis")
          .isLessThanOrEqualTo(atPush.waiting() / 4);
      assertThat(rescanLeft)
          .as("rescan events still unanalyzed when the push was analyzed")
          .isGreaterThanOrEqualTo(BULK / 2);
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> searchable(pushed.digest()));

      // the report-service calls the push's scan complete
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  HTTP.send(
                              HttpRequest.newBuilder(
                                      URI.create(
                                          stack.reportUrl() + "/v1/scans/" + pushed.digest()))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode()
                      == 200);

      // and once the priority lane is empty the bulk lane is read again, to the end
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> lanes.of(LaneProgress.BULK).waiting() == 0);
      assertThat(lanes.of(LaneProgress.BULK).handled()).isEqualTo(before + BULK);
    }
  }

  @Test
  void oneDigestUnderManyTagsAndTwoRegistriesIsAnalyzedOnceWithEveryLocation() throws Exception {
    String label = "dedupe-" + UUID.randomUUID();
    String repository = "dedupe/app-" + label.substring(7, 15);
    List<RegistryImages.Pushed> pushes = new ArrayList<>();
    for (String tag : List.of("1.4.2", "1.4", "latest")) {
      pushes.add(images.push(stack.registry.hostPort(), repository, tag, label));
    }
    pushes.add(images.push(stack.registry.hostPort(), repository + "-mirror", "1.4.2", label));
    pushes.add(images.push(stack.secondRegistry.hostPort(), repository, "1.4.2", label));
    String digest = pushes.get(0).digest();
    assertThat(pushes).allSatisfy(p -> assertThat(p.digest()).isEqualTo(digest));
    Set<ImageLocation> expected = new HashSet<>();
    for (int i = 0; i < pushes.size(); i++) {
      String host = (i < 4 ? stack.registry : stack.secondRegistry).hostPort();
      expected.add(
          ImageLocation.newBuilder()
              .setRegistry(host)
              .setRepository(pushes.get(i).repository())
              .setTag(pushes.get(i).tag())
              .build());
    }

    // the analyzer's findings for the digest end up naming all five locations
    List<FindingsReport> reports = new ArrayList<>();
    try (var findings = tail("tallyman.findings")) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                reports.addAll(records(findings, digest, FindingsReport::parseFrom));
                return !reports.isEmpty()
                    && Set.copyOf(reports.get(reports.size() - 1).getLocationsList())
                        .containsAll(expected);
              });
    }
    FindingsReport last = reports.get(reports.size() - 1);
    assertThat(Set.copyOf(last.getLocationsList())).isEqualTo(expected);
    assertThat(last.getFindingsList())
        .anySatisfy(f -> assertThat(f.getVulnerabilityId()).isEqualTo("TEST-CVE-GLIBC-0001"));
    // analyzed once: every report and SBOM published for the digest comes from one analysis
    // (later locations republish the same results, same generation time, same ids)
    assertThat(reports.stream().map(r -> r.getGeneratedAt()).distinct()).hasSize(1);
    assertThat(reports.stream().map(FindingsReport::getReportId).distinct()).hasSize(1);
    try (var sboms = tail("tallyman.sboms")) {
      List<Sbom> parts = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                parts.addAll(records(sboms, digest, Sbom::parseFrom));
                return parts.size() >= reports.size();
              });
      assertThat(parts.stream().map(Sbom::getAnalyzedAt).distinct()).hasSize(1);
      assertThat(Set.copyOf(parts.get(parts.size() - 1).getLocationsList())).isEqualTo(expected);
    }
    // and the report-service has its findings
    await().atMost(Duration.ofMinutes(1)).until(() -> searchable(digest));
  }

  private static boolean searchable(String digest) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        stack.reportUrl()
                            + "/v1/findings?digest="
                            + digest
                            + "&vulnerability=TEST-DEBIAN-GLIBC-0001"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return false;
    }
    JsonNode body = JSON.readTree(r.body());
    return body.path("total").asLong() > 0;
  }

  private static KafkaConsumer<String, byte[]> tail(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    c.subscribe(List.of(topic));
    return c;
  }

  interface Parser<T> {
    T parse(byte[] bytes) throws Exception;
  }

  private static <T> List<T> records(
      KafkaConsumer<String, byte[]> consumer, String key, Parser<T> parser) throws Exception {
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
      if (key.equals(r.key())) {
        out.add(parser.parse(r.value()));
      }
    }
    return out;
  }
}
