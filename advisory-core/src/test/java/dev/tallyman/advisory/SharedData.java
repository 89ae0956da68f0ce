package dev.tallyman.advisory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared real advisory data, never copied into the repo: {@code ../shared} beside the clone
 * (CI), one level higher for a git worktree, {@code $TALLYMAN_SHARED_DATA}, or the machine's {@code
 * /work/shared}. Missing data fails the test: CI has it.
 */
public final class SharedData {
  private SharedData() {}

  public static Path advisories() {
    List<Path> candidates = new ArrayList<>();
    String root = System.getProperty("tallyman.repo.root", ".");
    candidates.add(Path.of(root).resolve("../shared/data/advisories").normalize());
    candidates.add(Path.of(root).resolve("../../shared/data/advisories").normalize());
    String env = System.getenv("TALLYMAN_SHARED_DATA");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env).resolve("advisories"));
    }
    candidates.add(Path.of("/work/shared/data/advisories"));
    for (Path p : candidates) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new AssertionError("shared advisory data missing; looked at " + candidates);
  }
}
