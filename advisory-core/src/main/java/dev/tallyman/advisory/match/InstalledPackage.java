package dev.tallyman.advisory.match;

/**
 * A package found in an image, as matchers see it. {@code sourceName}/{@code sourceVersion} are
 * empty when they equal the binary ones.
 */
public record InstalledPackage(
    String id,
    String ecosystem,
    String name,
    String version,
    String sourceName,
    String sourceVersion,
    String purl) {

  public InstalledPackage {
    id = nz(id);
    ecosystem = nz(ecosystem);
    name = nz(name);
    version = nz(version);
    sourceName = nz(sourceName);
    sourceVersion = nz(sourceVersion);
    purl = nz(purl);
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

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
