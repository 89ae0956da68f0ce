package dev.tallyman.report.index;

/**
 * One place a digest lives: registry, repository and tag (empty when pushed by digest). Stored as
 * {@code registry|repository|tag} in {@code tallyman.image.locations}: '|' is valid in none of the
 * three, so the key splits back unambiguously and one array keeps which tag belongs where.
 */
public record Location(String registry, String repository, String tag) {
  public Location {
    registry = registry == null ? "" : registry;
    repository = repository == null ? "" : repository;
    tag = tag == null ? "" : tag;
  }

  public String key() {
    return registry + "|" + repository + "|" + tag;
  }

  /** {@code registry/repository} (ECS container.image.name); the repository alone without one. */
  public String name() {
    return registry.isEmpty() ? repository : registry + "/" + repository;
  }

  /** Null when {@code key} is not a stored location key. */
  public static Location parse(String key) {
    if (key == null) {
      return null;
    }
    String[] p = key.split("\\|", -1);
    return p.length == 3 ? new Location(p[0], p[1], p[2]) : null;
  }

  /** Whether an event location covers this one: same repository, and same tag unless untagged. */
  public boolean coveredBy(Location removal) {
    return (removal.registry.isEmpty() || removal.registry.equals(registry))
        && (removal.repository.isEmpty() || removal.repository.equals(repository))
        && (removal.tag.isEmpty() || removal.tag.equals(tag));
  }

  boolean wellFormed() {
    return !(registry.isEmpty() && repository.isEmpty())
        && registry.indexOf('|') < 0
        && repository.indexOf('|') < 0
        && tag.indexOf('|') < 0
        && registry.length() <= 255
        && repository.length() <= 1024
        && tag.length() <= 256;
  }
}
