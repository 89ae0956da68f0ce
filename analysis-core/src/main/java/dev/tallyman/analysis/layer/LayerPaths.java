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
    String clean = alreadyClean(name);
    if (clean != null) {
      return Optional.of(clean);
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

  /**
   * The common case without splitting: {@code [./ or /]seg/seg[/]} with no empty, {@code .} or
   * {@code ..} segment and no backslash; null when the name needs the general path.
   */
  private static String alreadyClean(String name) {
    int start = name.startsWith("./") ? 2 : name.startsWith("/") ? 1 : 0;
    int end = name.endsWith("/") ? name.length() - 1 : name.length();
    if (start >= end) {
      return null;
    }
    int segment = start;
    for (int i = start; i <= end; i++) {
      char c = i < end ? name.charAt(i) : '/';
      if (c == '\\') {
        return null;
      }
      if (c == '/') {
        int length = i - segment;
        if (length == 0
            || length == 1 && name.charAt(segment) == '.'
            || length == 2 && name.charAt(segment) == '.' && name.charAt(segment + 1) == '.') {
          return null;
        }
        segment = i + 1;
      }
    }
    return start == 1 && end == name.length() ? name : "/" + name.substring(start, end);
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
