package dev.tallyman.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * Where the real parts live on this machine: written by the build into {@code
 * tallyman-stack-dist.properties}. Each key can be overridden by a system property {@code
 * tallyman.<key>} (e.g. {@code -Dtallyman.kafka.libs=...}).
 */
public record StackDist(
    Path kafkaLibs, Path elasticsearchZip, String elasticsearchVersion, Path repoRoot) {

  private static final String RESOURCE = "/tallyman-stack-dist.properties";

  /** Reads the build-generated locations (cached per JVM is not needed: it is a tiny file). */
  public static StackDist load() {
    Properties props = new Properties();
    try (InputStream in = StackDist.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " missing from the classpath: build the deploy module");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new StackDist(
        Paths.get(value(props, "kafka.libs")),
        Paths.get(value(props, "elasticsearch.zip")),
        value(props, "elasticsearch.version"),
        Paths.get(value(props, "repo.root")));
  }

  private static String value(Properties props, String key) {
    String v = System.getProperty("tallyman." + key, props.getProperty(key));
    if (v == null || v.isBlank() || v.contains("${")) {
      throw new IllegalStateException(
          "stack dist property '" + key + "' is not set (got " + v + ")");
    }
    return v.trim();
  }

  /** The broker classpath: every jar in the kafka libs dir. */
  public String kafkaClasspath() {
    if (!Files.isDirectory(kafkaLibs)) {
      throw new IllegalStateException(
          "Kafka libs not found at "
              + kafkaLibs
              + ": run ./mvnw -B -q -pl deploy/kafka-dist package");
    }
    try (var jars = Files.list(kafkaLibs)) {
      String cp =
          jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
              .sorted()
              .map(Path::toString)
              .reduce((a, b) -> a + java.io.File.pathSeparator + b)
              .orElseThrow(() -> new IllegalStateException("no jars in " + kafkaLibs));
      return cp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
