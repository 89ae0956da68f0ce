package dev.tallyman.analysis.catalog;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;

/** Package URLs of the language ecosystems, which carry no qualifiers. */
public final class Purls {
  private Purls() {}

  /** pkg:TYPE/[NAMESPACE/]NAME@VERSION, canonical; "" when the parts make no valid purl. */
  public static String of(String type, String namespace, String name, String version) {
    try {
      return PackageURLBuilder.aPackageURL()
          .withType(type)
          .withNamespace(namespace)
          .withName(name)
          .withVersion(version)
          .build()
          .canonicalize();
    } catch (MalformedPackageURLException e) {
      return "";
    }
  }
}
