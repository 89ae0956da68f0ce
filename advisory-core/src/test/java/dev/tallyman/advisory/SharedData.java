package dev.tallyman.advisory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The shared real advisory data beside the repo clone (never copied into the repo). */
public final class SharedData {
  private SharedData() {}

  public static Path advisories() {
    Path p =
        Paths.get(System.getProperty("tallyman.repo.root", "."))
            .resolve("../shared/data/advisories")
            .normalize();
    return Files.isDirectory(p) ? p : Path.of("/work/shared/data/advisories");
  }
}
