package dev.tallyman.e2e;

import dev.tallyman.deploy.LocalElasticsearch;
import dev.tallyman.deploy.LocalKafka;
import dev.tallyman.deploy.LocalRegistry;
import dev.tallyman.deploy.ManagedProcess;
import dev.tallyman.deploy.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole pipeline, black box: real Kafka, Elasticsearch and registry, and the four services
 * started from their built executable jars, all on 127.0.0.1 with free ports.
 */
final class PipelineStack implements AutoCloseable {
  static final String VERSION = "0.1.0-SNAPSHOT";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Path repoRoot;
  final Path workDir;
  final String webhookToken = UUID.randomUUID().toString();
  final int ingestPort = Ports.free();
  final int analyzerPort = Ports.free();
  final int advisoryPort = Ports.free();
  final int advisoryGrpcPort = Ports.free();
  final int reportPort = Ports.free();
  final LocalKafka kafka;
  final LocalElasticsearch elasticsearch;
  final LocalRegistry registry;
  private final List<ManagedProcess> services = new ArrayList<>();

  /** Starts everything; if any part fails, what was started is stopped before rethrowing. */
  static PipelineStack start(Path repoRoot, Path workDir, List<Path> advisoryPaths)
      throws Exception {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      return new PipelineStack(repoRoot, workDir, advisoryPaths, started);
    } catch (Exception | Error e) {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private PipelineStack(
      Path repoRoot, Path workDir, List<Path> advisoryPaths, List<AutoCloseable> started)
      throws Exception {
    this.repoRoot = repoRoot;
    this.workDir = workDir;
    Files.createDirectories(workDir);
    kafka = LocalKafka.start(workDir.resolve("kafka"));
    started.add(kafka);
    elasticsearch = LocalElasticsearch.start(workDir.resolve("elasticsearch"));
    started.add(elasticsearch);
    registry =
        LocalRegistry.start(
            LocalRegistry.Options.in(workDir.resolve("registry"))
                .notifications(
                    "http://127.0.0.1:" + ingestPort + "/v1/webhooks/distribution",
                    Map.of("Authorization", "Bearer " + webhookToken)));
    started.add(registry);

    Map<String, String> common = new HashMap<>();
    common.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    common.put("TALLYMAN_REGISTRY_INSECURE", registry.hostPort());

    Map<String, String> advisory = new HashMap<>(common);
    advisory.put("ADVISORY_HTTP_PORT", Integer.toString(advisoryPort));
    advisory.put("ADVISORY_GRPC_PORT", Integer.toString(advisoryGrpcPort));
    advisory.put(
        "TALLYMAN_ADVISORIES_PATHS",
        String.join(",", advisoryPaths.stream().map(Path::toString).toList()));
    start("advisory-service", advisoryPort, advisory, started);

    Map<String, String> report = new HashMap<>(common);
    report.put("REPORT_HTTP_PORT", Integer.toString(reportPort));
    report.put("ELASTICSEARCH_URL", elasticsearch.httpUrl());
    start("report-service", reportPort, report, started);

    Map<String, String> analyzer = new HashMap<>(common);
    analyzer.put("ANALYZER_HTTP_PORT", Integer.toString(analyzerPort));
    analyzer.put("ADVISORY_GRPC_ADDRESS", "127.0.0.1:" + advisoryGrpcPort);
    start("analyzer-service", analyzerPort, analyzer, started);

    Map<String, String> ingest = new HashMap<>(common);
    ingest.put("INGEST_HTTP_PORT", Integer.toString(ingestPort));
    ingest.put("TALLYMAN_WEBHOOK_TOKEN", webhookToken);
    start("ingest-service", ingestPort, ingest, started);
  }

  private void start(
      String service, int httpPort, Map<String, String> env, List<AutoCloseable> started) {
    Path jar =
        repoRoot.resolve(service).resolve("target/tallyman-" + service + "-" + VERSION + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run ./mvnw verify (it packages first)");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ManagedProcess p =
        ManagedProcess.start(
            service,
            List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()),
            env,
            workDir,
            workDir.resolve("logs").resolve(service + ".log"),
            false);
    services.add(p);
    started.add(p);
    p.awaitReady(Duration.ofSeconds(120), () -> healthy(httpPort));
  }

  static boolean healthy(int port) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("UP");
    } catch (Exception e) {
      return false;
    }
  }

  String reportUrl() {
    return "http://127.0.0.1:" + reportPort;
  }

  String ingestUrl() {
    return "http://127.0.0.1:" + ingestPort;
  }

  Path log(String service) {
    return workDir.resolve("logs").resolve(service + ".log");
  }

  @Override
  public void close() {
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
    for (AutoCloseable c : new AutoCloseable[] {registry, elasticsearch, kafka}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("e2e: stopping " + c + " failed: " + e);
      }
    }
  }
}
