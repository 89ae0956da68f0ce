package dev.tallyman.analysis.layer;

import java.util.function.Predicate;

/**
 * Which files a cataloger wants to read, by normalized absolute path, and how large one may be.
 * Everything else in a layer is skipped without being read.
 */
public record FileRequest(Predicate<String> paths, long maxBytes) {
  public boolean wants(String path) {
    return paths.test(path);
  }
}
