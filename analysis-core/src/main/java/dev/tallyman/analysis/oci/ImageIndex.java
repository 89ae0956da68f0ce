package dev.tallyman.analysis.oci;

import java.util.List;

/** A multi-platform index (OCI image index or Docker manifest list). */
public record ImageIndex(String mediaType, String digest, List<Descriptor> manifests)
    implements ParsedManifest {
  public ImageIndex {
    manifests = List.copyOf(manifests);
  }
}
