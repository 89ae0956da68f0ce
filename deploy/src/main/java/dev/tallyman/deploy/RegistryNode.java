package dev.tallyman.deploy;

import java.nio.file.Path;

/** A running CNCF Distribution registry for tests: a local process or a container. */
public interface RegistryNode extends AutoCloseable {
  /** {@code host:port} as image references address it. */
  String hostPort();

  /** {@code http://host:port}. */
  String url();

  int port();

  /** True when {@code GET /v2/} answers. */
  boolean answers();

  /** The registry's log, access lines included (tests count blob fetches in it). */
  Path logFile();

  boolean isAlive();

  @Override
  void close();
}
