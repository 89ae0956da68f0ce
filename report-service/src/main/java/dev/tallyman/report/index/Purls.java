package dev.tallyman.report.index;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Optional;

/**
 * The forms of a package URL the packages index keeps, so "where is X deployed" can ask with or
 * without a version and without the qualifiers (arch, distro) nobody types.
 *
 * @param name {@code pkg:type/namespace/name} (canonical, no version)
 * @param plain {@code pkg:type/namespace/name@version} (canonical, no qualifiers or subpath)
 */
public record Purls(String name, String plain, boolean hasVersion) {
  /** Empty when {@code purl} is not a valid package URL. */
  public static Optional<Purls> parse(String purl) {
    if (purl == null || purl.isBlank()) {
      return Optional.empty();
    }
    try {
      PackageURL p = new PackageURL(purl.trim());
      String name =
          new PackageURL(p.getType(), p.getNamespace(), p.getName(), null, null, null)
              .canonicalize();
      String version = p.getVersion();
      boolean has = version != null && !version.isEmpty();
      String plain =
          has
              ? new PackageURL(p.getType(), p.getNamespace(), p.getName(), version, null, null)
                  .canonicalize()
              : name;
      return Optional.of(new Purls(name, plain, has));
    } catch (MalformedPackageURLException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
