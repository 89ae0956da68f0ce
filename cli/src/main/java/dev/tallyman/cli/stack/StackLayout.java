package dev.tallyman.cli.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The ports and environment of the local stack (pure: no processes). Services read their settings
 * from environment variables, see each service's application.yml.
 */
public record StackLayout(
    int kafkaPort,
    int kafkaControllerPort,
    int esPort,
    int esTransportPort,
    int registryPort,
    int ingestPort,
    int analyzerPort,
    int advisoryPort,
    int advisoryGrpcPort,
    int reportPort) {

  public static StackLayout defaults() {
    return new StackLayout(9092, 9093, 9200, 9300, 5000, 8081, 8082, 8083, 50051, 8084);
  }

  /** A service of the pipeline: its module dir, HTTP port and fat jar. */
  public record Service(String name, int httpPort) {
    public Path jar(Path repoRoot) {
      return repoRoot.resolve(name).resolve("target/tallyman-" + name + "-0.1.0-SNAPSHOT.jar");
    }

    public String healthUrl() {
      return "http://127.0.0.1:" + httpPort + "/health";
    }
  }

  /** Start order: what others call first (advisory before analyzer, ingest last). */
  public List<Service> services() {
    return List.of(
        new Service("advisory-service", advisoryPort),
        new Service("report-service", reportPort),
        new Service("analyzer-service", analyzerPort),
        new Service("ingest-service", ingestPort));
  }

  public String kafkaBootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  public String esUrl() {
    return "http://127.0.0.1:" + esPort;
  }

  public String registryHostPort() {
    return "127.0.0.1:" + registryPort;
  }

  public String webhookUrl() {
    return "http://127.0.0.1:" + ingestPort + "/v1/webhooks/distribution";
  }

  /** Every fixed port with what uses it, in start order (checked before anything starts). */
  public Map<Integer, String> infraPorts() {
    Map<Integer, String> m = new LinkedHashMap<>();
    m.put(kafkaPort, "kafka");
    m.put(kafkaControllerPort, "kafka controller");
    m.put(esPort, "elasticsearch http");
    m.put(esTransportPort, "elasticsearch transport");
    m.put(registryPort, "registry");
    return m;
  }

  public Map<Integer, String> servicePorts() {
    Map<Integer, String> m = new LinkedHashMap<>();
    for (Service s : services()) {
      m.put(s.httpPort(), s.name() + " http");
    }
    m.put(advisoryGrpcPort, "advisory-service grpc");
    return m;
  }

  /**
   * The environment every service gets. {@code env} is this process's environment: an explicit
   * TALLYMAN_ADVISORIES_PATHS there wins over the default (shared OSV GHSA data + the repo's Debian
   * advisories when present).
   */
  public Map<String, String> serviceEnv(
      Path repoRoot, String webhookToken, Map<String, String> env) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
    m.put("ELASTICSEARCH_URL", esUrl());
    m.put("INGEST_HTTP_PORT", Integer.toString(ingestPort));
    m.put("ANALYZER_HTTP_PORT", Integer.toString(analyzerPort));
    m.put("ADVISORY_HTTP_PORT", Integer.toString(advisoryPort));
    m.put("ADVISORY_GRPC_PORT", Integer.toString(advisoryGrpcPort));
    m.put("REPORT_HTTP_PORT", Integer.toString(reportPort));
    m.put("ADVISORY_GRPC_ADDRESS", "127.0.0.1:" + advisoryGrpcPort);
    m.put("TALLYMAN_WEBHOOK_TOKEN", webhookToken);
    m.put("TALLYMAN_REGISTRY_INSECURE", registryHostPort());
    String paths = env.get("TALLYMAN_ADVISORIES_PATHS");
    m.put(
        "TALLYMAN_ADVISORIES_PATHS",
        paths != null && !paths.isBlank() ? paths : defaultAdvisoryPaths(repoRoot));
    return m;
  }

  static String defaultAdvisoryPaths(Path repoRoot) {
    List<String> paths = new ArrayList<>();
    paths.add(repoRoot.resolve("../shared/data/advisories/osv/ghsa").normalize().toString());
    Path debian = repoRoot.resolve("deploy/advisories/debian");
    if (Files.isDirectory(debian)) {
      paths.add(debian.toString());
    }
    return String.join(",", paths);
  }

  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("kafka.port", Integer.toString(kafkaPort));
    p.setProperty("kafka.controller.port", Integer.toString(kafkaControllerPort));
    p.setProperty("kafka.bootstrap.servers", kafkaBootstrap());
    p.setProperty("elasticsearch.port", Integer.toString(esPort));
    p.setProperty("elasticsearch.transport.port", Integer.toString(esTransportPort));
    p.setProperty("elasticsearch.url", esUrl());
    p.setProperty("registry.port", Integer.toString(registryPort));
    p.setProperty("registry.url", "http://" + registryHostPort());
    for (Service s : services()) {
      p.setProperty(s.name() + ".url", "http://127.0.0.1:" + s.httpPort());
    }
    p.setProperty("advisory-service.grpc", "127.0.0.1:" + advisoryGrpcPort);
    return p;
  }

  /** Reads the ports back from stack.properties (falls back to the defaults per missing key). */
  public static StackLayout fromProperties(Properties p) {
    StackLayout d = defaults();
    return new StackLayout(
        intOr(p, "kafka.port", d.kafkaPort),
        intOr(p, "kafka.controller.port", d.kafkaControllerPort),
        intOr(p, "elasticsearch.port", d.esPort),
        intOr(p, "elasticsearch.transport.port", d.esTransportPort),
        intOr(p, "registry.port", d.registryPort),
        d.ingestPort,
        d.analyzerPort,
        d.advisoryPort,
        d.advisoryGrpcPort,
        d.reportPort);
  }

  private static int intOr(Properties p, String key, int fallback) {
    try {
      return Integer.parseInt(p.getProperty(key, Integer.toString(fallback)).strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
