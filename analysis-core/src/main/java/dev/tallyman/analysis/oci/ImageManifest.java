package dev.tallyman.analysis.oci;

import java.util.List;

/** A single-platform image manifest (OCI or Docker schema2). */
public record ImageManifest(
    String mediaType, String digest, Descriptor config, List<Descriptor> layers)
    implements ParsedManifest {
  public ImageManifest {
    layers = List.copyOf(layers);
  }
}
