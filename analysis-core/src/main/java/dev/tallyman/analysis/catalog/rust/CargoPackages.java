package dev.tallyman.analysis.catalog.rust;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.Purls;
import dev.tallyman.analysis.layer.LayerInfo;

/** Packages of the OSV "crates.io" ecosystem, purl type {@code cargo}. */
public final class CargoPackages {
  public static final String ECOSYSTEM = "crates.io";

  private CargoPackages() {}

  public static Package of(String name, String version, String path, LayerInfo layer) {
    return Package.of(
        ECOSYSTEM, name, version, Purls.of("cargo", null, name, version), path, layer);
  }
}
