package dev.tallyman.advisory.match;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form a package name is compared in, per ecosystem family: the registry's own notion of "the
 * same package". Applied to advisory names when the index is built and to installed names at
 * lookup, so "Django", "django" and "DJANGO" meet.
 */
public final class PackageNames {
  private static final Pattern PEP503_SEPARATORS = Pattern.compile("[-_.]+");

  private PackageNames() {}

  /**
   * PyPI: PEP 503 ({@code [-_.]+} → "-", lower case). NuGet: ids are case-insensitive. Packagist:
   * Composer lower-cases {@code vendor/package}. Everything else is compared as written (Debian,
   * Alpine, rpm, Maven, npm, Go and crates.io names are case-sensitive or already canonical).
   */
  public static String normalize(String family, String name) {
    switch (family.toLowerCase(Locale.ROOT)) {
      case "pypi":
        return PEP503_SEPARATORS.matcher(name.trim()).replaceAll("-").toLowerCase(Locale.ROOT);
      case "nuget":
      case "packagist":
        return name.trim().toLowerCase(Locale.ROOT);
      default:
        return name;
    }
  }
}
