package dev.tallyman.analysis.layer;

import java.util.function.Predicate;

/**
 * Which files a cataloger wants to read, by normalized absolute path, and how large one may be;
 * with {@code executables}, also any regular file with an execute bit wherever it lies. Everything
 * else in a layer is skipped without being read.
 */
public record FileRequest(Predicate<String> paths, long maxBytes, boolean executables) {
  public FileRequest(Predicate<String> paths, long maxBytes) {
    this(paths, maxBytes, false);
  }

  public boolean wants(String path) {
    return paths.test(path);
  }

  /** Wanted by path, or (when asked for) because the archive marks it executable. */
  public boolean wants(String path, boolean executable) {
    return executable && executables || paths.test(path);
  }
}
