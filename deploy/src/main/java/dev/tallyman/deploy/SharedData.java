package dev.tallyman.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's shared real data (advisories), never copied into the repository: {@code
 * ../shared/data} beside the checkout (CI), one level higher for a git worktree, {@code
 * $TALLYMAN_SHARED_DATA}, or {@code /work/shared/data}. Tests that need it fail when it is missing.
 */
public final class SharedData {
  private SharedData() {}

  /** {@code <shared>/data/advisories}; throws {@link AssertionError} when no candidate exists. */
  public static Path advisories(Path repoRoot) {
    List<Path> candidates = new ArrayList<>();
    candidates.add(repoRoot.resolve("../shared/data/advisories").normalize());
    candidates.add(repoRoot.resolve("../../shared/data/advisories").normalize());
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

  /** The same, from the {@code tallyman.repo.root} system property surefire sets. */
  public static Path advisories() {
    return advisories(Path.of(System.getProperty("tallyman.repo.root", ".")));
  }
}
