package dev.tallyman.deploy.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers; asked once, cheaply ruled out when no socket or host is set. */
public final class Docker {
  private Docker() {}

  private static Boolean available;

  public static synchronized boolean available() {
    if (available == null) {
      boolean hint =
          System.getenv("DOCKER_HOST") != null
              || Files.exists(Path.of("/var/run/docker.sock"))
              || Files.exists(
                  Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
      available = hint && DockerClientFactory.instance().isDockerAvailable();
    }
    return available;
  }
}
