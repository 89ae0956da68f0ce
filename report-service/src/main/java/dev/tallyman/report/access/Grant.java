package dev.tallyman.report.access;

/**
 * Access to the images of one registry (or {@code *}, every registry) whose repository starts with
 * a prefix. Written {@code registry/prefix}: {@code 127.0.0.1:5000/payments} covers {@code
 * payments} and {@code payments/api} but not {@code payments-legacy}; registry {@code *} without a
 * prefix covers everything.
 */
public record Grant(String registry, String repositoryPrefix) {
  public static final String ANY_REGISTRY = "*";

  public Grant {
    if (registry == null || registry.isBlank()) {
      throw new IllegalArgumentException("grant needs a registry (or *)");
    }
    repositoryPrefix = repositoryPrefix == null ? "" : stripSlashes(repositoryPrefix);
  }

  /** Parses {@code registry/prefix}, {@code registry} or {@code registry/}. */
  public static Grant parse(String text) {
    if (text == null || text.isBlank() || text.length() > 1024) {
      throw new IllegalArgumentException("empty or oversized grant");
    }
    String t = text.trim();
    if (t.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException("grant contains whitespace: " + t);
    }
    int slash = t.indexOf('/');
    return slash < 0 ? new Grant(t, "") : new Grant(t.substring(0, slash), t.substring(slash + 1));
  }

  public boolean everything() {
    return ANY_REGISTRY.equals(registry) && repositoryPrefix.isEmpty();
  }

  /** The same decision as the Elasticsearch filter, for checks outside a query. */
  public boolean covers(String reg, String repository) {
    if (!ANY_REGISTRY.equals(registry) && !registry.equals(reg)) {
      return false;
    }
    return repositoryPrefix.isEmpty()
        || repository.equals(repositoryPrefix)
        || repository.startsWith(repositoryPrefix + "/");
  }

  @Override
  public String toString() {
    return registry + "/" + repositoryPrefix;
  }

  private static String stripSlashes(String s) {
    String out = s.trim();
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    while (out.startsWith("/")) {
      out = out.substring(1);
    }
    return out;
  }
}
