package dev.tallyman.deploy;

import java.nio.file.Path;

/** A running Kafka broker for tests: a local process ({@link LocalKafka}) or a container. */
public interface KafkaNode extends AutoCloseable {
  /** {@code host:port} clients connect to. */
  String bootstrapServers();

  /** The port of {@link #bootstrapServers()}. */
  int port();

  /** Where the broker's output goes (a container's output is copied to a file). */
  Path logFile();

  boolean isAlive();

  @Override
  void close();
}
