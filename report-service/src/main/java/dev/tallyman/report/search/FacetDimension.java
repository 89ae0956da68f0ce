package dev.tallyman.report.search;

import java.util.Locale;
import java.util.Optional;

/** What findings can be counted by, and the keyword field each dimension aggregates. */
public enum FacetDimension {
  SEVERITY("vulnerability.severity"),
  // registry/repository, so the same repository name in two registries stays apart
  REPOSITORY("container.image.name"),
  VULNERABILITY("vulnerability.id"),
  PACKAGE("package.name"),
  KEV("tallyman.vulnerability.kev"),
  CWE("tallyman.vulnerability.cwes");

  private final String field;

  FacetDimension(String field) {
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The name used in {@code ?by=} and in the response. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FacetDimension> parse(String text) {
    for (FacetDimension d : values()) {
      if (d.key().equalsIgnoreCase(text.trim())) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
