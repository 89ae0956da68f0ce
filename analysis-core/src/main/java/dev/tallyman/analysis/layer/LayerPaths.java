package dev.tallyman.analysis.layer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Normalizes archive entry names into absolute image paths. */
public final class LayerPaths {
  public static final String WHITEOUT_PREFIX = ".wh.";
  public static final String OPAQUE = ".wh..wh..opq";

  private LayerPaths() {}

  /**
   * {@code ./usr//lib/./x} and {@code /usr/lib/x} become {@code /usr/lib/x}; a name whose {@code
   * ..} would climb above the root is rejected (empty), so it can never alias another path.
   */
  public static Optional<String> normalize(String name) {
    if (name == null || name.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String segment : name.replace('\\', '/').split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.addLast(segment);
      }
    }
    return Optional.of("/" + String.join("/", parts));
  }

  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  public static String baseName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** True when {@code path} is {@code dir} itself or lies below it. */
  public static boolean isUnder(String path, String dir) {
    if (dir.equals("/")) {
      return true;
    }
    return path.equals(dir) || path.startsWith(dir + "/");
  }
}
