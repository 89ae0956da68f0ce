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

  /** A second registry that notifies ingest too (null unless asked for). */
  final LocalRegistry secondRegistry;

  /** A registry without notifications that ingest polls as {@value #MIRROR} (null unless asked). */
  final LocalRegistry mirror;

  static final String MIRROR = "mirror";
  private final List<ManagedProcess> services = new ArrayList<>();

  /**
   * What else to start. {@code mirror}: a registry without notifications, polled by ingest once
   * (interval 1 h) about a second after start, filled by {@code fillMirror} before any service
   * starts; {@code secondRegistry}: another registry that notifies ingest.
   */
  record Options(boolean secondRegistry, MirrorFiller fillMirror) {
    static Options plain() {
      return new Options(false, null);
    }
  }

  /** Fills the mirror registry before the services start (so the first poll sees everything). */
  @FunctionalInterface
  interface MirrorFiller {
    void fill(LocalRegistry mirror) throws Exception;
  }

  /** Starts everything; if any part fails, what was started is stopped before rethrowing. */
  static PipelineStack start(Path repoRoot, Path workDir, List<Path> advisoryPaths)
      throws Exception {
    return start(repoRoot, workDir, advisoryPaths, Options.plain());
  }

  static PipelineStack start(Path repoRoot, Path workDir, List<Path> advisoryPaths, Options options)
      throws Exception {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      return new PipelineStack(repoRoot, workDir, advisoryPaths, options, started);
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
      Path repoRoot,
      Path workDir,
      List<Path> advisoryPaths,
      Options options,
      List<AutoCloseable> started)
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
    if (options.secondRegistry()) {
      secondRegistry =
          LocalRegistry.start(
              LocalRegistry.Options.in(workDir.resolve("registry-2"))
                  .notifications(
                      "http://127.0.0.1:" + ingestPort + "/v1/webhooks/distribution",
                      Map.of("Authorization", "Bearer " + webhookToken)));
      started.add(secondRegistry);
    } else {
      secondRegistry = null;
    }
    List<String> ingestProps = new ArrayList<>();
    if (options.fillMirror() != null) {
      mirror = LocalRegistry.start(LocalRegistry.Options.in(workDir.resolve("registry-mirror")));
      started.add(mirror);
      options.fillMirror().fill(mirror);
      String poll = "-Dtallyman.ingest.poll.registries." + MIRROR;
      ingestProps.add(poll + ".url=" + mirror.url());
      ingestProps.add(poll + ".interval=1h");
      ingestProps.add("-Dtallyman.ingest.poll.tick=1s");
    } else {
      mirror = null;
    }

    Map<String, String> common = new HashMap<>();
    common.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    common.put("TALLYMAN_REGISTRY_INSECURE", registry.hostPort());

    Map<String, String> advisory = new HashMap<>(common);
    advisory.put("ADVISORY_HTTP_PORT", Integer.toString(advisoryPort));
    advisory.put("ADVISORY_GRPC_PORT", Integer.toString(advisoryGrpcPort));
    advisory.put(
        "TALLYMAN_ADVISORIES_PATHS",
        String.join(",", advisoryPaths.stream().map(Path::toString).toList()));
    start("advisory-service", advisoryPort, advisory, List.of(), started);

    Map<String, String> report = new HashMap<>(common);
    report.put("REPORT_HTTP_PORT", Integer.toString(reportPort));
    report.put("ELASTICSEARCH_URL", elasticsearch.httpUrl());
    start("report-service", reportPort, report, List.of(), started);

    Map<String, String> analyzer = new HashMap<>(common);
    analyzer.put("ANALYZER_HTTP_PORT", Integer.toString(analyzerPort));
    analyzer.put("ADVISORY_GRPC_ADDRESS", "127.0.0.1:" + advisoryGrpcPort);
    start("analyzer-service", analyzerPort, analyzer, List.of(), started);

    Map<String, String> ingest = new HashMap<>(common);
    ingest.put("INGEST_HTTP_PORT", Integer.toString(ingestPort));
    ingest.put("TALLYMAN_WEBHOOK_TOKEN", webhookToken);
    start("ingest-service", ingestPort, ingest, ingestProps, started);
  }

  private void start(
      String service,
      int httpPort,
      Map<String, String> env,
      List<String> systemProperties,
      List<AutoCloseable> started) {
    Path jar =
        repoRoot.resolve(service).resolve("target/tallyman-" + service + "-" + VERSION + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run ./mvnw verify (it packages first)");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1"));
    command.addAll(systemProperties);
    command.addAll(List.of("-jar", jar.toString()));
    ManagedProcess p =
        ManagedProcess.start(
            service,
            command,
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

  /** Every process of the stack by name (for CPU accounting in benchmarks). */
  Map<String, Long> pids() {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    out.put("kafka", kafka.pid());
    out.put("elasticsearch", elasticsearch.serverPid());
    out.put("registry", registry.pid());
    if (secondRegistry != null) {
      out.put("registry-2", secondRegistry.pid());
    }
    if (mirror != null) {
      out.put("registry-mirror", mirror.pid());
    }
    for (ManagedProcess p : services) {
      out.put(p.name(), p.pid());
    }
    return out;
  }

  Path log(String service) {
    return workDir.resolve("logs").resolve(service + ".log");
  }

  @Override
  public void close() {
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
    for (AutoCloseable c :
        new AutoCloseable[] {mirror, secondRegistry, registry, elasticsearch, kafka}) {
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
