package dev.tallyman.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Directory helpers for work dirs. */
public final class Dirs {
  private Dirs() {}

  /** Deletes {@code dir} recursively, best effort (a still-running part may hold files). */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort cleanup
    }
  }
}
