package dev.tallyman.ingest.distribution;

import java.util.Set;

/** The manifest and index media types that name a scannable image (OCI and Docker v2.2). */
public final class ManifestMediaTypes {
  private ManifestMediaTypes() {}

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  private static final Set<String> IMAGE_MANIFESTS =
      Set.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

  /** True for a manifest or index; parameters such as {@code ; charset=utf-8} are ignored. */
  public static boolean isImageManifest(String mediaType) {
    return mediaType != null && IMAGE_MANIFESTS.contains(essence(mediaType));
  }

  /** The type without parameters, lower-cased, as media types compare case-insensitively. */
  public static String essence(String mediaType) {
    int semicolon = mediaType.indexOf(';');
    String type = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
    return type.strip().toLowerCase(java.util.Locale.ROOT);
  }
}
