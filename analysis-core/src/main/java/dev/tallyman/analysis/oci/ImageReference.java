package dev.tallyman.analysis.oci;

import dev.tallyman.analysis.AnalysisException;
import java.util.regex.Pattern;

/**
 * {@code [registry/]repository[:tag][@digest]} with Docker Hub defaults: no registry means
 * docker.io, a single-component repository there means {@code library/<name>}, no tag means latest.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  public static final String DOCKER_HUB = "docker.io";
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  public ImageReference {
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new AnalysisException("invalid repository name: " + Digests.abbreviate(repository));
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new AnalysisException("invalid tag: " + Digests.abbreviate(tag));
    }
    if (digest != null) {
      Digests.require(digest);
    }
  }

  public static ImageReference parse(String ref) {
    if (ref == null || ref.isBlank() || ref.length() > 512) {
      throw new AnalysisException("invalid image reference: " + Digests.abbreviate(ref));
    }
    String rest = ref;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String registry = DOCKER_HUB;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  public static ImageReference of(String registry, String repository, String tag, String digest) {
    return new ImageReference(
        registry, repository, tag == null || tag.isEmpty() ? null : tag, emptyToNull(digest));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** What to put after {@code /manifests/}: the digest when known (immutable), else the tag. */
  public String manifestReference() {
    return digest != null ? digest : tag;
  }

  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (tag != null ? ":" + tag : "")
        + (digest != null ? "@" + digest : "");
  }
}
