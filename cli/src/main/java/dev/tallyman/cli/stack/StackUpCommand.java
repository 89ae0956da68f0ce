package dev.tallyman.cli.stack;

import dev.tallyman.deploy.LocalElasticsearch;
import dev.tallyman.deploy.LocalKafka;
import dev.tallyman.deploy.LocalRegistry;
import dev.tallyman.deploy.ManagedProcess;
import dev.tallyman.deploy.Ports;
import dev.tallyman.deploy.StartFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tallyman stack up}: starts Kafka, Elasticsearch, the registry and the four services as
 * detached processes (they outlive this command), records their PIDs, waits until each is healthy.
 * On any failure it stops what it started and shows the failing part's log tail.
 */
@Command(
    name = "up",
    description = "Start the local stack on 127.0.0.1 (files under <repo>/.tallyman/).")
public final class StackUpCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin HomeOption homeOption;

  @Option(names = "--infra-only", description = "Start only Kafka, Elasticsearch and the registry.")
  boolean infraOnly;

  @Option(names = "--no-build", description = "Fail instead of building missing service jars.")
  boolean noBuild;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Default: ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(
      names = "--kafka-controller-port",
      defaultValue = "9093",
      description = "Default: ${DEFAULT-VALUE}.")
  int kafkaControllerPort;

  @Option(names = "--es-port", defaultValue = "9200", description = "Default: ${DEFAULT-VALUE}.")
  int esPort;

  @Option(
      names = "--es-transport-port",
      defaultValue = "9300",
      description = "Default: ${DEFAULT-VALUE}.")
  int esTransportPort;

  @Option(
      names = "--registry-port",
      defaultValue = "5000",
      description = "Default: ${DEFAULT-VALUE}.")
  int registryPort;

  @Option(
      names = "--service-timeout",
      defaultValue = "180",
      description = "Seconds to wait for each service's /health (default: ${DEFAULT-VALUE}).")
  int serviceTimeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StackHome home = homeOption.resolve();
    StackLayout d = StackLayout.defaults();
    StackLayout layout =
        new StackLayout(
            kafkaPort,
            kafkaControllerPort,
            esPort,
            esTransportPort,
            registryPort,
            d.ingestPort(),
            d.analyzerPort(),
            d.advisoryPort(),
            d.advisoryGrpcPort(),
            d.reportPort());
    home.create();
    PidFiles pids = new PidFiles(home.pids());

    List<String> expected = new ArrayList<>(StackParts.INFRA);
    if (!infraOnly) {
      layout.services().forEach(s -> expected.add(s.name()));
    }
    List<String> running =
        pids.names().stream()
            .filter(n -> pids.read(n).map(PidFiles.Entry::running).orElse(false))
            .toList();
    if (!running.isEmpty()) {
      if (running.containsAll(expected)) {
        out.println("the local stack is already running:");
        printUrls(out, StackParts.layout(home), home, running);
        return 0;
      }
      err.println(
          "tallyman stack: partly running ("
              + String.join(", ", running)
              + "): run `tallyman stack down` first");
      err.flush();
      return 1;
    }
    pids.names().forEach(pids::remove); // stale files of a crashed run

    Map<Integer, String> ports = new LinkedHashMap<>(layout.infraPorts());
    if (!infraOnly) {
      ports.putAll(layout.servicePorts());
    }
    List<String> taken = new ArrayList<>();
    ports.forEach(
        (port, what) -> {
          if (!Ports.isFree(port)) {
            taken.add(port + " (" + what + ")");
          }
        });
    if (!taken.isEmpty()) {
      err.println(
          "tallyman stack: port(s) already in use on 127.0.0.1: "
              + String.join(", ", taken)
              + "\nstop whatever holds them (`ss -ltnp`) or pick other ports (see `tallyman stack up --help`)");
      err.flush();
      return 1;
    }

    try {
      if (!infraOnly) {
        ensureJars(home, layout, out);
      }
      writeProperties(home, layout);
      String token = home.webhookToken();
      out.println(
          "starting Kafka and Elasticsearch (first start of Elasticsearch can take a minute)...");
      out.flush();
      CompletableFuture<LocalKafka> kafka =
          CompletableFuture.supplyAsync(
              () ->
                  record(
                      pids,
                      home,
                      "kafka",
                      LocalKafka.start(
                          LocalKafka.Options.in(home.workDir("kafka"))
                              .ports(kafkaPort, kafkaControllerPort)
                              .detach())));
      CompletableFuture<LocalElasticsearch> es =
          CompletableFuture.supplyAsync(
              () ->
                  record(
                      pids,
                      home,
                      "elasticsearch",
                      LocalElasticsearch.start(
                          LocalElasticsearch.Options.in(home.workDir("elasticsearch"))
                              .ports(esPort, esTransportPort)
                              .detach())));
      try {
        CompletableFuture.allOf(kafka, es).join(); // both settle before any cleanup: no orphan
      } catch (CompletionException settled) {
        // reported by the joins below
      }
      join(kafka);
      join(es);
      LocalRegistry registry =
          LocalRegistry.start(
              LocalRegistry.Options.in(home.workDir("registry"))
                  .port(registryPort)
                  .notifications(layout.webhookUrl(), Map.of("Authorization", "Bearer " + token))
                  .detach());
      pids.write("registry", registry.pid());
      link(home, "registry", registry.logFile());

      if (!infraOnly) {
        startServices(home, layout, pids, token, out);
      }
    } catch (RuntimeException e) {
      err.println("tallyman stack: " + message(e));
      err.println("stopping what was started...");
      err.flush();
      StackParts.stopAll(home, layout, err);
      err.flush();
      return 1;
    }
    out.println("the local stack is up:");
    printUrls(out, layout, home, pids.names());
    return 0;
  }

  private void startServices(
      StackHome home, StackLayout layout, PidFiles pids, String token, PrintWriter out) {
    Map<String, String> env = layout.serviceEnv(home.repoRoot(), token, System.getenv());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<ManagedProcess> started = new ArrayList<>();
    out.println("starting the services...");
    out.flush();
    for (StackLayout.Service s : layout.services()) {
      ManagedProcess p =
          ManagedProcess.start(
              s.name(),
              List.of(
                  java,
                  "-Xmx384m",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-jar",
                  s.jar(home.repoRoot()).toString()),
              env,
              home.repoRoot(),
              home.log(s.name()),
              true);
      pids.write(s.name(), p.pid());
      started.add(p);
    }
    for (int i = 0; i < started.size(); i++) {
      StackLayout.Service s = layout.services().get(i);
      started
          .get(i)
          .awaitReady(
              Duration.ofSeconds(serviceTimeoutSeconds), () -> StackParts.healthy(s.healthUrl()));
      out.println("  " + s.name() + " is UP");
      out.flush();
    }
  }

  private <T> T record(PidFiles pids, StackHome home, String name, T part) {
    if (part instanceof LocalKafka k) {
      pids.write(name, k.pid());
      link(home, name, k.logFile());
    } else if (part instanceof LocalElasticsearch e) {
      pids.write(name, e.pid());
      // the node JVM too: should its launcher (runuser) die, `stack down` still finds the node
      if (e.serverPid() > 0) {
        pids.write(name + StackParts.AUX_SUFFIX, e.serverPid());
      }
      link(home, name, e.logFile());
    }
    return part;
  }

  /** .tallyman/logs/NAME.log -> the part's own log (launchers keep logs beside their data). */
  private static void link(StackHome home, String name, Path log) {
    Path l = home.log(name);
    try {
      Files.deleteIfExists(l);
      Files.createSymbolicLink(l, home.logs().relativize(log.toAbsolutePath()));
    } catch (IOException | UnsupportedOperationException e) {
      // only a convenience: the log is still in the part's work dir
    }
  }

  private static void join(CompletableFuture<?> f) {
    try {
      f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static String message(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return t instanceof StartFailure || t instanceof IllegalStateException
        ? t.getMessage()
        : t.toString();
  }

  private void ensureJars(StackHome home, StackLayout layout, PrintWriter out) {
    List<Path> missing =
        layout.services().stream()
            .map(s -> s.jar(home.repoRoot()))
            .filter(j -> !Files.isRegularFile(j))
            .toList();
    if (missing.isEmpty()) {
      return;
    }
    if (noBuild) {
      throw new StartFailure(
          "service jars missing: " + missing + " (build: ./mvnw -B -q package -DskipTests)");
    }
    out.println("building the services (./mvnw -B -q package -DskipTests)...");
    out.flush();
    try {
      Process p =
          new ProcessBuilder(
                  home.repoRoot().resolve("mvnw").toString(), "-B", "-q", "package", "-DskipTests")
              .directory(home.repoRoot().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(home.log("build").toFile()))
              .start();
      if (p.waitFor() != 0) {
        throw new StartFailure(
            "the build failed; see "
                + home.log("build")
                + ":\n"
                + ManagedProcess.tail(home.log("build"), 30));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartFailure("interrupted while building", e);
    }
  }

  private static void writeProperties(StackHome home, StackLayout layout) {
    try (OutputStream o = Files.newOutputStream(home.propertiesFile())) {
      layout.toProperties().store(o, "tallyman stack up: ports of the local stack");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void printUrls(
      PrintWriter out, StackLayout layout, StackHome home, List<String> names) {
    out.printf("  %-17s %s%n", "kafka", layout.kafkaBootstrap());
    out.printf("  %-17s %s%n", "elasticsearch", layout.esUrl());
    out.printf(
        "  %-17s http://%s   (push: skopeo copy --dest-tls-verify=false oci:DIR:TAG docker://%s/REPO:TAG)%n",
        "registry", layout.registryHostPort(), layout.registryHostPort());
    for (StackLayout.Service s : layout.services()) {
      if (names.contains(s.name())) {
        out.printf(
            "  %-17s http://127.0.0.1:%d   (/health, /prometheus)%n", s.name(), s.httpPort());
      }
    }
    if (names.contains("report-service")) {
      out.printf(
          "  %-17s http://127.0.0.1:%d/v1/findings?repository=REPO%n",
          "findings", layout.reportPort());
    }
    out.println("  logs: " + home.logs());
    out.println("  stop: bin/tallyman stack down");
    out.flush();
  }
}
