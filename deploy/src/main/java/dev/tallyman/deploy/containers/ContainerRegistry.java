package dev.tallyman.deploy.containers;

import dev.tallyman.deploy.RegistryNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** The CNCF Distribution image (the same software as Debian's docker-registry), no auth. */
public final class ContainerRegistry implements RegistryNode {
  private final GenericContainer<?> container;
  private final LogFile log;

  private ContainerRegistry(GenericContainer<?> container, LogFile log) {
    this.container = container;
    this.log = log;
  }

  public static ContainerRegistry start(Path workDir) {
    LogFile log = new LogFile(workDir.resolve("registry.log"));
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse(ContainerImages.REGISTRY))
            .withEnv("REGISTRY_STORAGE_DELETE_ENABLED", "true")
            .withExposedPorts(5000)
            .waitingFor(Wait.forHttp("/v2/").forStatusCode(200))
            .withStartupTimeout(Duration.ofMinutes(1))
            .withLogConsumer(log);
    c.start();
    return new ContainerRegistry(c, log);
  }

  @Override
  public String hostPort() {
    return container.getHost() + ":" + port();
  }

  @Override
  public String url() {
    return "http://" + hostPort();
  }

  @Override
  public int port() {
    return container.getMappedPort(5000);
  }

  @Override
  public boolean answers() {
    try {
      HttpResponse<Void> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(1))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(url() + "/v2/"))
                      .timeout(Duration.ofSeconds(2))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
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
