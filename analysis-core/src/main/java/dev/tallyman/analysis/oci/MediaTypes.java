package dev.tallyman.analysis.oci;

import java.util.Set;

/** Manifest, index, config and layer media types of the OCI image spec and Docker schema2. */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_SCHEMA1 =
      "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_SCHEMA1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_FOREIGN_LAYER =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  public static final String OCI_NONDISTRIBUTABLE_LAYER =
      "application/vnd.oci.image.layer.nondistributable.v1.tar";
  public static final String OCI_NONDISTRIBUTABLE_LAYER_GZIP =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  public static final String OCI_NONDISTRIBUTABLE_LAYER_ZSTD =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

  /** The OCI 1.1 empty descriptor, the config of most artifacts. */
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  /** Accept header for manifest requests: every type we can read. */
  public static final String MANIFEST_ACCEPT =
      String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

  private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
  private static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);

  private MediaTypes() {}

  public static boolean isIndex(String mediaType) {
    return INDEXES.contains(mediaType);
  }

  public static boolean isManifest(String mediaType) {
    return MANIFESTS.contains(mediaType);
  }

  /**
   * Foreign (Windows base) and non-distributable layers: registries usually do not hold them (their
   * descriptor points at an external URL), so they are skipped with a note rather than fetched.
   */
  public static boolean isNonDistributable(String mediaType) {
    return mediaType != null
        && (mediaType.startsWith("application/vnd.docker.image.rootfs.foreign.")
            || mediaType.startsWith("application/vnd.oci.image.layer.nondistributable."));
  }

  /** Config types of runnable images; anything else (Helm, cosign, WASM...) is an artifact. */
  public static boolean isImageConfig(String mediaType) {
    return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
  }

  /**
   * Layer types of container filesystems (OCI and Docker, any compression, incl. foreign; our own
   * directory pseudo-layer; untyped ones are given the benefit of the doubt).
   */
  public static boolean isFilesystemLayer(String mediaType) {
    return mediaType == null
        || mediaType.isEmpty()
        || mediaType.startsWith("application/vnd.tallyman.rootfs.")
        || (mediaType.startsWith("application/vnd.oci.image.layer.")
            || mediaType.startsWith("application/vnd.docker.image.rootfs."));
  }

  public static boolean isSchema1(String mediaType) {
    return DOCKER_SCHEMA1.equals(mediaType) || DOCKER_SCHEMA1_SIGNED.equals(mediaType);
  }
}
