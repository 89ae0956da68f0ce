package dev.tallyman.advisory.feed;

import dev.tallyman.advisory.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real advisory samples (located by {@link SharedData}); a missing sample fails the test (CI
 * has them); they are never copied into the repository.
 */
public final class FeedData {
  private FeedData() {}

  public static Path advisories() {
    return SharedData.advisories();
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
