package dev.tallyman.deploy.containers;

import dev.tallyman.deploy.SearchNode;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Elasticsearch's own image, configured like the local process: single node, security off, no disk
 * watermarks, destructive actions by wildcard allowed.
 */
public final class ContainerElasticsearch implements SearchNode {
  private final GenericContainer<?> container;
  private final LogFile log;

  private ContainerElasticsearch(GenericContainer<?> container, LogFile log) {
    this.container = container;
    this.log = log;
  }

  public static ContainerElasticsearch start(Path workDir) {
    LogFile log = new LogFile(workDir.resolve("elasticsearch.log"));
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse(ContainerImages.ELASTICSEARCH))
            .withEnv("discovery.type", "single-node")
            .withEnv("xpack.security.enabled", "false")
            .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
            .withEnv("action.destructive_requires_name", "false")
            .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
            .withExposedPorts(9200)
            .waitingFor(
                Wait.forHttp("/_cluster/health?wait_for_status=yellow&timeout=1s")
                    .forStatusCode(200))
            .withStartupTimeout(Duration.ofMinutes(3))
            .withLogConsumer(log);
    c.start();
    return new ContainerElasticsearch(c, log);
  }

  @Override
  public String httpUrl() {
    return "http://" + container.getHost() + ":" + container.getMappedPort(9200);
  }

  @Override
  public Path logFile() {
    return log.path();
  }

  @Override
  public void close() {
    container.stop();
  }
}
