package dev.tallyman.analysis.catalog;

import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.oci.Digests;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One installed package as found in an image.
 *
 * @param ecosystem OSV ecosystem name ("Debian", "Ubuntu", "Alpine", "Wolfi", "Red Hat", "Rocky
 *     Linux", "AlmaLinux", "SUSE", "openSUSE", "Maven", "npm", "PyPI")
 * @param name dpkg/apk/rpm package name, {@code groupId:artifactId}, {@code @scope/name} for npm,
 *     or the PEP 503 normalized name for PyPI
 * @param version for rpm {@code [epoch:]version-release}
 * @param sourceName the source package (dpkg Source, apk origin, rpm source rpm name)
 * @param path the file that declared it (nested jars as {@code outer.jar!/inner.jar})
 * @param layer the layer that last wrote that file
 * @param modularityLabel rpm's MODULARITYLABEL ({@code name:stream:version:context}) of a package
 *     from a RHEL 8+/Fedora module stream; empty for everything else
 */
public record Package(
    String ecosystem,
    String name,
    String version,
    String purl,
    String sourceName,
    String sourceVersion,
    String arch,
    String path,
    LayerInfo layer,
    String modularityLabel) {

  public Package {
    modularityLabel = modularityLabel == null ? "" : modularityLabel;
  }

  /** A package without a modularity label (every ecosystem but rpm module streams). */
  public Package(
      String ecosystem,
      String name,
      String version,
      String purl,
      String sourceName,
      String sourceVersion,
      String arch,
      String path,
      LayerInfo layer) {
    this(ecosystem, name, version, purl, sourceName, sourceVersion, arch, path, layer, "");
  }

  /** A language package: no source package, architecture or modularity label. */
  public static Package of(
      String ecosystem, String name, String version, String purl, String path, LayerInfo layer) {
    return new Package(ecosystem, name, version, purl, "", "", "", path, layer);
  }

  /** {@link #of(String, String, String, String, String, LayerInfo)} declared by {@code file}. */
  public static Package of(
      String ecosystem, String name, String version, String purl, ImageFile file) {
    return of(ecosystem, name, version, purl, file.path(), file.layer());
  }

  /** Deterministic id: stable across runs, distinct per (ecosystem, name, version, path). */
  public String id() {
    byte[] hash =
        Digests.newSha256()
            .digest(
                String.join("|", ecosystem, name, version, path).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hash, 0, 8);
  }

  public Package withPurl(String newPurl) {
    return new Package(
        ecosystem,
        name,
        version,
        newPurl,
        sourceName,
        sourceVersion,
        arch,
        path,
        layer,
        modularityLabel);
  }

  public Package withLayer(LayerInfo newLayer) {
    return new Package(
        ecosystem,
        name,
        version,
        purl,
        sourceName,
        sourceVersion,
        arch,
        path,
        newLayer,
        modularityLabel);
  }

  public Package withEcosystem(String newEcosystem) {
    return new Package(
        newEcosystem,
        name,
        version,
        purl,
        sourceName,
        sourceVersion,
        arch,
        path,
        layer,
        modularityLabel);
  }
}
