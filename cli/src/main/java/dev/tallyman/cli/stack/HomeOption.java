package dev.tallyman.cli.stack;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home}: the repo root holding .tallyman/ (default: $TALLYMAN_HOME, else the cwd). */
public final class HomeOption {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      description =
          "Repo root that holds .tallyman/ (default: $TALLYMAN_HOME, else the current directory).")
  Path home;

  StackHome resolve() {
    return StackHome.detect(home, System.getenv());
  }
}
