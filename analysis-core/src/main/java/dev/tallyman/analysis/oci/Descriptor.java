package dev.tallyman.analysis.oci;

import java.util.Map;

/** An OCI content descriptor: what a manifest or index points at. */
public record Descriptor(
    String mediaType,
    String digest,
    long size,
    Platform platform,
    Map<String, String> annotations,
    String artifactType) {
  public Descriptor {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    artifactType = artifactType == null ? "" : artifactType;
  }

  public Descriptor(
      String mediaType,
      String digest,
      long size,
      Platform platform,
      Map<String, String> annotations) {
    this(mediaType, digest, size, platform, annotations, "");
  }

  public static Descriptor of(String mediaType, String digest, long size) {
    return new Descriptor(mediaType, digest, size, null, Map.of());
  }

  /** BuildKit stores provenance / SBOM attestations as index entries with this annotation. */
  public boolean isAttestation() {
    return "attestation-manifest".equals(annotations.get("vnd.docker.reference.type"));
  }
}
