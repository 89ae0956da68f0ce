package dev.tallyman.analysis.sbom;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.EolStatus;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.oci.Platform;
import java.util.List;

/**
 * The analysis result of one platform image.
 *
 * @param osEol the OS release's end-of-life status on the day of the analysis
 */
public record Sbom(
    String source,
    String imageDigest,
    String indexDigest,
    String configDigest,
    Platform platform,
    OsRelease os,
    List<LayerInfo> layers,
    List<Package> packages,
    List<String> notes,
    EolStatus osEol) {
  public Sbom {
    layers = List.copyOf(layers);
    packages = List.copyOf(packages);
    notes = List.copyOf(notes);
    osEol = osEol == null ? EolStatus.UNKNOWN : osEol;
  }

  /** Without an end-of-life status (unknown). */
  public Sbom(
      String source,
      String imageDigest,
      String indexDigest,
      String configDigest,
      Platform platform,
      OsRelease os,
      List<LayerInfo> layers,
      List<Package> packages,
      List<String> notes) {
    this(
        source,
        imageDigest,
        indexDigest,
        configDigest,
        platform,
        os,
        layers,
        packages,
        notes,
        EolStatus.UNKNOWN);
  }
}
