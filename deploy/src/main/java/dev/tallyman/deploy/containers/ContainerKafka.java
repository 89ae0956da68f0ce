package dev.tallyman.deploy.containers;

import dev.tallyman.deploy.KafkaNode;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** The official {@code apache/kafka} image in KRaft mode, used when a Docker engine exists. */
public final class ContainerKafka implements KafkaNode {
  private final KafkaContainer container;
  private final LogFile log;

  private ContainerKafka(KafkaContainer container, LogFile log) {
    this.container = container;
    this.log = log;
  }

  public static ContainerKafka start(Path workDir) {
    LogFile log = new LogFile(workDir.resolve("kafka.log"));
    KafkaContainer c =
        new KafkaContainer(DockerImageName.parse(ContainerImages.KAFKA))
            .withStartupTimeout(Duration.ofMinutes(2))
            .withLogConsumer(log);
    c.start();
    return new ContainerKafka(c, log);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public int port() {
    String s = bootstrapServers();
    return Integer.parseInt(s.substring(s.lastIndexOf(':') + 1));
  }

  @Override
  public Path logFile() {
    return log.path();
  }

  @Override
  public boolean isAlive() {
    return container.isRunning();
  }

  @Override
  public void close() {
    container.stop();
  }
}
