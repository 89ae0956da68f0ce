package dev.tallyman.advisory.match;

/**
 * The image's operating system as os-release names it ({@code id} "debian", {@code versionId}
 * "12").
 */
public record Distro(String id, String versionId) {
  public static final Distro NONE = new Distro("", "");

  public Distro {
    id = id == null ? "" : id;
    versionId = versionId == null ? "" : versionId;
  }
}
