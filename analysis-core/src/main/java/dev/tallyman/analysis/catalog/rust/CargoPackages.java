package dev.tallyman.analysis.catalog.rust;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerInfo;

/** Packages of the OSV "crates.io" ecosystem, purl type {@code cargo}. */
public final class CargoPackages {
  public static final String ECOSYSTEM = "crates.io";

  private CargoPackages() {}

  public static Package of(String name, String version, String path, LayerInfo layer) {
    return new Package(ECOSYSTEM, name, version, purl(name, version), "", "", "", path, layer);
  }

  static String purl(String name, String version) {
    try {
      return PackageURLBuilder.aPackageURL()
          .withType("cargo")
          .withName(name)
          .withVersion(version)
          .build()
          .canonicalize();
    } catch (MalformedPackageURLException e) {
      return "";
    }
  }
}
