package dev.tallyman.advisory.feed;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real advisory samples in {@code ${tallyman.repo.root}/../shared/data/advisories} (or one
 * level higher for a git worktree). Missing data fails the test (CI has it); it is never copied
 * into the repository.
 */
public final class FeedData {
  private FeedData() {}

  public static Path advisories() {
    String root = System.getProperty("tallyman.repo.root");
    if (root == null) {
      throw new AssertionError(
          "system property tallyman.repo.root is not set (run through surefire)");
    }
    Path p = Path.of(root).resolve("../shared/data/advisories").normalize();
    // a git worktree sits one level deeper (<checkout>/wt/<name>) than the clone CI uses
    Path worktree = Path.of(root).resolve("../../shared/data/advisories").normalize();
    if (Files.isDirectory(p)) {
      return p;
    }
    if (Files.isDirectory(worktree)) {
      return worktree;
    }
    throw new AssertionError("shared advisory data missing at " + p);
  }

  public static Path file(String relative) {
    Path p = advisories().resolve(relative);
    if (!Files.exists(p)) {
      throw new AssertionError("shared advisory sample missing: " + p);
    }
    return p;
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(file(relative));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
