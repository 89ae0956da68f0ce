package dev.tallyman.analysis.sbom;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.oci.Platform;
import java.util.List;

/** The analysis result of one platform image. */
public record Sbom(
    String source,
    String imageDigest,
    String indexDigest,
    String configDigest,
    Platform platform,
    OsRelease os,
    List<LayerInfo> layers,
    List<Package> packages,
    List<String> notes) {
  public Sbom {
    layers = List.copyOf(layers);
    packages = List.copyOf(packages);
    notes = List.copyOf(notes);
  }
}
