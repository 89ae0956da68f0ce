package dev.tallyman.advisory.match;

/**
 * A package found in an image, as matchers see it. {@code sourceName}/{@code sourceVersion} are
 * empty when they equal the binary ones; {@code modularityLabel} is rpm's MODULARITYLABEL ({@code
 * name:stream:version:context}) of a module-stream package, empty otherwise.
 */
public record InstalledPackage(
    String id,
    String ecosystem,
    String name,
    String version,
    String sourceName,
    String sourceVersion,
    String purl,
    String modularityLabel) {

  public InstalledPackage {
    id = nz(id);
    ecosystem = nz(ecosystem);
    name = nz(name);
    version = nz(version);
    sourceName = nz(sourceName);
    sourceVersion = nz(sourceVersion);
    purl = nz(purl);
    modularityLabel = nz(modularityLabel);
  }

  /** A package outside any rpm module stream. */
  public InstalledPackage(
      String id,
      String ecosystem,
      String name,
      String version,
      String sourceName,
      String sourceVersion,
      String purl) {
    this(id, ecosystem, name, version, sourceName, sourceVersion, purl, "");
  }

  public static InstalledPackage of(String ecosystem, String name, String version) {
    return new InstalledPackage("", ecosystem, name, version, "", "", "");
  }

  /** The source package name (distro packages are tracked by source); the name when unset. */
  public String effectiveSourceName() {
    return sourceName.isEmpty() ? name : sourceName;
  }

  public String effectiveSourceVersion() {
    return sourceVersion.isEmpty() ? version : sourceVersion;
  }

  /** The module stream ({@code name:stream}, e.g. "nodejs:18") or "" outside module streams. */
  public String moduleStream() {
    String[] parts = modularityLabel.split(":");
    return parts.length >= 2 ? parts[0] + ":" + parts[1] : "";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
