package dev.tallyman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Push a real image to a real registry; the registry's webhook reaches ingest-service, the analyzer
 * pulls and catalogs it, advisory-service matches it, report-service indexes it, and the findings
 * are searchable through the REST API. Everything runs as real processes on 127.0.0.1.
 */
class PipelineE2ETest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static PipelineStack stack;
  private static Path workDir;

  @BeforeAll
  static void startPipeline() throws Exception {
    Path repoRoot = Path.of(System.getProperty("tallyman.repo.root", "..")).toAbsolutePath();
    // under /tmp: Elasticsearch runs as an unprivileged user that must reach its directories
    workDir = Files.createTempDirectory(Path.of("/tmp"), "tallyman-e2e-");
    System.out.println("e2e: work dir (logs of every process) " + workDir);
    Path ghsa = sharedAdvisories(repoRoot).resolve("osv/ghsa");
    Path debianFixtures = Path.of(PipelineE2ETest.class.getResource("/advisories/debian").toURI());
    stack = PipelineStack.start(repoRoot, workDir, List.of(ghsa, debianFixtures));
  }

  @AfterAll
  static void stopPipeline() {
    if (stack != null) {
      stack.close();
    }
  }

  static Path sharedAdvisories(Path repoRoot) {
    return dev.tallyman.deploy.SharedData.advisories(repoRoot);
  }

  @Test
  void pushedImageBecomesSearchableFindings() throws Exception {
    Path jar =
        Path.of(System.getProperty("tallyman.e2e.imageContent", "target/image-content"))
            .resolve("log4j-core-2.14.1.jar");
    Path layout = TestImage.build(workDir.resolve("image"), jar);
    String repository = "e2e/app-" + UUID.randomUUID().toString().substring(0, 8);

    String digest = TestImage.push(workDir, layout, stack.registry.hostPort(), repository + ":1.0");
    long pushedAt = System.nanoTime();
    assertThat(digest).matches("sha256:[0-9a-f]{64}");

    AtomicReference<JsonNode> found = new AtomicReference<>();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonNode r = findings(Map.of("digest", digest, "vulnerability", "CVE-2021-44228"));
              found.set(r);
              return r != null && r.path("total").asLong() > 0;
            });
    long searchableMs = (System.nanoTime() - pushedAt) / 1_000_000;
    System.out.println("E2E push-to-searchable: " + searchableMs + " ms (digest " + digest + ")");
    Files.writeString(workDir.resolve("push-to-searchable-ms.txt"), Long.toString(searchableMs));

    JsonNode log4shell = found.get().path("items").get(0);
    assertThat(log4shell.path("package").path("purl").asText())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(log4shell.path("package").path("path").asText()).contains("log4j-core-2.14.1.jar");
    assertThat(log4shell.path("vulnerability").path("severity").asText())
        .isEqualToIgnoringCase("critical");
    assertThat(log4shell.path("vulnerability").path("fixed_version").asText()).isNotBlank();
    assertThat(log4shell.path("image").path("repository").asText()).isEqualTo(repository);
    assertThat(log4shell.path("layer").path("created_by").asText()).contains("log4j-core");

    // Every finding of the image is there, the Debian one matched by source package
    // (libc6 -> glibc) from the OS layer, the already-fixed glibc advisory not.
    JsonNode all = findings(Map.of("digest", digest, "size", "500"));
    List<String> ids = new ArrayList<>();
    all.path("items").forEach(i -> ids.add(i.path("vulnerability").path("id").asText()));
    assertThat(ids).contains("TEST-CVE-GLIBC-0001").doesNotContain("TEST-CVE-GLIBC-0002");
    JsonNode glibc =
        StreamSupport.stream(all.path("items").spliterator(), false)
            .filter(i -> i.path("vulnerability").path("id").asText().equals("TEST-CVE-GLIBC-0001"))
            .findFirst()
            .orElseThrow();
    assertThat(glibc.path("package").path("purl").asText()).startsWith("pkg:deb/debian/");
    assertThat(glibc.path("layer").path("created_by").asText()).contains("debian base");
    // the search API filters: severity and package
    JsonNode critical = findings(Map.of("digest", digest, "severity", "critical"));
    assertThat(critical.path("total").asLong()).isGreaterThanOrEqualTo(1);
    critical
        .path("items")
        .forEach(
            i ->
                assertThat(i.path("vulnerability").path("severity").asText())
                    .isEqualToIgnoringCase("critical"));
  }

  @Test
  void aManifestDeletedInTheRegistryMarksTheImageDeletedDownstream() throws Exception {
    Path jar =
        Path.of(System.getProperty("tallyman.e2e.imageContent", "target/image-content"))
            .resolve("log4j-core-2.14.1.jar");
    Path layout = TestImage.build(workDir.resolve("image-deleted"), jar);
    String repository = "e2e/gone-" + UUID.randomUUID().toString().substring(0, 8);
    String digest = TestImage.push(workDir, layout, stack.registry.hostPort(), repository + ":1.0");
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> findings(Map.of("digest", digest)).path("total").asLong() > 0);

    // The registry itself deletes the manifest and notifies ingest (action "delete").
    HttpResponse<String> deleted =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(stack.registry.url() + "/v2/" + repository + "/manifests/" + digest))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);

    // Downstream: hidden from default searches, kept (status deleted) when asked for.
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> findings(Map.of("digest", digest)).path("total").asLong() == 0);
    JsonNode kept = findings(Map.of("digest", digest, "include_deleted", "true", "size", "500"));
    assertThat(kept.path("total").asLong()).isGreaterThan(0);
    kept.path("items")
        .forEach(i -> assertThat(i.path("lifecycle").path("status").asText()).isEqualTo("deleted"));
  }

  @Test
  void eventForAnImageTheRegistryDoesNotHaveGoesToTheDeadLetterTopic() throws Exception {
    String digest = "sha256:" + "ab".repeat(32);
    String body =
        """
        {"events":[{"id":"%s","timestamp":"2026-11-28T10:00:00Z","action":"push",
          "target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":500,
            "digest":"%s","length":500,"repository":"e2e/ghost","tag":"gone",
            "url":"http://%s/v2/e2e/ghost/manifests/%s"},
          "request":{"id":"r1","addr":"127.0.0.1","host":"%s","method":"PUT","useragent":"e2e"},
          "actor":{},"source":{"addr":"127.0.0.1","instanceID":"i1"}}]}
        """
            .formatted(
                UUID.randomUUID(),
                digest,
                stack.registry.hostPort(),
                digest,
                stack.registry.hostPort());
    HttpResponse<String> r = postWebhook(body, stack.webhookToken);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

    ConsumerRecord<String, byte[]> parked = awaitRecord("tallyman.image-events.dlq", digest);
    String error = header(parked, "tallyman-dlq-error-message");
    assertThat(error).containsIgnoringCase("not found");
  }

  @Test
  void malformedOrUnauthenticatedWebhooksAreRefusedWithAReason() throws Exception {
    HttpResponse<String> malformed = postWebhook("{\"events\": [{\"action\": ", stack.webhookToken);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).isNotBlank();

    HttpResponse<String> badDigest =
        postWebhook(
            "{\"events\":[{\"id\":\"x\",\"action\":\"push\",\"target\":{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:nothex\","
                + "\"repository\":\"a/b\"}}]}",
            stack.webhookToken);
    assertThat(badDigest.statusCode()).isEqualTo(400);
    assertThat(badDigest.body()).containsIgnoringCase("digest");

    HttpResponse<String> wrongToken = postWebhook("{\"events\":[]}", "not-the-token");
    assertThat(wrongToken.statusCode()).isEqualTo(401);
  }

  private static JsonNode findings(Map<String, String> query) throws Exception {
    StringBuilder q = new StringBuilder();
    query.forEach(
        (k, v) ->
            q.append(q.length() == 0 ? "?" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.reportUrl() + "/v1/findings" + q)).build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
  }

  private static HttpResponse<String> postWebhook(String body, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/v1/webhooks/distribution"))
            .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      AtomicReference<ConsumerRecord<String, byte[]>> hit = new AtomicReference<>();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                  if (key.equals(r.key())) {
                    hit.set(r);
                  }
                }
                return hit.get() != null;
              });
      return hit.get();
    }
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
