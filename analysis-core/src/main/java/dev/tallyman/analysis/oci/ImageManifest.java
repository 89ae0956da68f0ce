package dev.tallyman.analysis.oci;

import java.util.List;

/**
 * A single-platform manifest (OCI or Docker schema2). {@code artifactType} is empty for container
 * images; otherwise it names what the manifest carries (a cosign signature, an SBOM attestation, a
 * Helm chart...), which the analyzer skips with a note.
 */
public record ImageManifest(
    String mediaType,
    String digest,
    Descriptor config,
    List<Descriptor> layers,
    String artifactType)
    implements ParsedManifest {
  public ImageManifest {
    layers = List.copyOf(layers);
    artifactType = artifactType == null ? "" : artifactType;
  }

  public ImageManifest(
      String mediaType, String digest, Descriptor config, List<Descriptor> layers) {
    this(mediaType, digest, config, layers, "");
  }

  public boolean isArtifact() {
    return !artifactType.isEmpty();
  }
}
