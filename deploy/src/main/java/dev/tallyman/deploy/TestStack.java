package dev.tallyman.deploy;

import dev.tallyman.deploy.containers.ContainerElasticsearch;
import dev.tallyman.deploy.containers.ContainerKafka;
import dev.tallyman.deploy.containers.ContainerRegistry;
import dev.tallyman.deploy.containers.Docker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * JVM-wide shared parts for integration tests, started lazily on first use under one temp dir in
 * /tmp and stopped by a shutdown hook. Tests share them: use unique topic names / index names /
 * repositories per test.
 *
 * <p>Where a Docker engine answers, the parts are Testcontainers containers of the same software;
 * elsewhere (this machine, CI) they are local processes launched from Maven artifacts and Debian
 * packages. {@code -Dtallyman.teststack=processes|containers|auto} (or {@code TALLYMAN_TESTSTACK})
 * forces a mode; {@code auto} is the default.
 */
public final class TestStack {
  private TestStack() {}

  private static Path root;
  private static KafkaNode kafka;
  private static SearchNode elasticsearch;
  private static RegistryNode registry;
  private static final List<AutoCloseable> started = new ArrayList<>();
  private static boolean hooked;

  /** The shared broker (Kafka 4.4, KRaft, 127.0.0.1, free port). */
  public static synchronized KafkaNode kafka() {
    if (kafka == null || !kafka.isAlive()) {
      kafka =
          containers()
              ? startOnce("kafka", () -> ContainerKafka.start(fresh("kafka")))
              : startOnce("kafka", () -> LocalKafka.start(fresh("kafka")));
    }
    return kafka;
  }

  /** The shared Elasticsearch node (security off, 127.0.0.1, free port). */
  public static synchronized SearchNode elasticsearch() {
    if (elasticsearch == null) {
      elasticsearch =
          containers()
              ? startOnce(
                  "elasticsearch", () -> ContainerElasticsearch.start(fresh("elasticsearch")))
              : startOnce("elasticsearch", () -> LocalElasticsearch.start(fresh("elasticsearch")));
    }
    return elasticsearch;
  }

  /**
   * The shared registry, without notifications or auth (tests that need those start their own
   * {@link LocalRegistry} with {@link LocalRegistry.Options}).
   */
  public static synchronized RegistryNode registry() {
    if (registry == null || !registry.isAlive()) {
      registry =
          containers()
              ? startOnce("registry", () -> ContainerRegistry.start(fresh("registry")))
              : startOnce(
                  "registry",
                  () -> LocalRegistry.start(LocalRegistry.Options.in(fresh("registry"))));
    }
    return registry;
  }

  /** True when the shared parts run as containers (see the class comment). */
  public static boolean containers() {
    String mode = System.getProperty("tallyman.teststack", System.getenv("TALLYMAN_TESTSTACK"));
    if (mode == null || mode.isBlank() || mode.equals("auto")) {
      return Docker.available();
    }
    return switch (mode) {
      case "containers" -> true;
      case "processes" -> false;
      default ->
          throw new IllegalArgumentException(
              "tallyman.teststack must be auto, processes or containers, not " + mode);
    };
  }

  /** The temp dir holding every shared part's files (logs included). */
  public static synchronized Path workDir() {
    if (root == null) {
      try {
        root = Files.createTempDirectory(Path.of("/tmp"), "tallyman-teststack-");
        // Elasticsearch may run as an unprivileged user: it must be able to traverse this dir.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!hooked) {
        hooked = true;
        Runtime.getRuntime()
            .addShutdownHook(new Thread(TestStack::stopAll, "tallyman-teststack-stop"));
      }
    }
    return root;
  }

  private static Path fresh(String name) {
    Path dir = workDir().resolve(name + "-" + System.nanoTime());
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** One retry: a free port picked a moment ago can be grabbed by another JVM in between. */
  private static <T extends AutoCloseable> T startOnce(String what, Supplier<T> starter) {
    RuntimeException first;
    try {
      T t = starter.get();
      started.add(t);
      return t;
    } catch (StartFailure e) {
      first = e;
    } catch (RuntimeException e) {
      if (!containers()) {
        throw e;
      }
      first = e; // a container that did not come up in time gets one more try too
    }
    try {
      T t = starter.get();
      started.add(t);
      return t;
    } catch (RuntimeException second) {
      second.addSuppressed(first);
      throw new StartFailure(
          "TestStack: " + what + " failed to start (twice): " + second.getMessage(), second);
    }
  }

  private static synchronized void stopAll() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("TestStack: stopping " + started.get(i) + " failed: " + e);
      }
    }
    started.clear();
    if (root != null && !Boolean.getBoolean("tallyman.teststack.keep")) {
      Dirs.deleteTree(root);
    }
  }
}
