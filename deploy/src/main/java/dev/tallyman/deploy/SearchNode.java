package dev.tallyman.deploy;

import java.nio.file.Path;

/** A running Elasticsearch node for tests: a local process or a container. */
public interface SearchNode extends AutoCloseable {
  /** {@code http://host:port}. */
  String httpUrl();

  Path logFile();

  @Override
  void close();
}
