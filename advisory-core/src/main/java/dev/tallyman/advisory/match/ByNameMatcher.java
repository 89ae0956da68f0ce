package dev.tallyman.advisory.match;

import dev.tallyman.advisory.version.VersionScheme;
import dev.tallyman.advisory.version.VersionSchemes;

/**
 * Matches a language-ecosystem package by its name against entries of the same ecosystem, with no
 * notion of OS release (Go, npm, crates.io, PyPI, RubyGems, NuGet, Packagist; Maven adds naming
 * rules on top). Names meet in the ecosystem's canonical form ({@link PackageNames}): PEP 503 for
 * PyPI, case-insensitive NuGet ids and Composer names.
 */
public class ByNameMatcher implements Matcher {
  private final String family;
  private final VersionScheme scheme;

  public ByNameMatcher(String family) {
    this.family = family;
    this.scheme =
        VersionSchemes.forEcosystem(family)
            .orElseThrow(() -> new IllegalArgumentException("no version scheme for " + family));
  }

  @Override
  public String name() {
    return family.toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public boolean filter(InstalledPackage pkg) {
    return VersionSchemes.family(pkg.ecosystem()).equalsIgnoreCase(family);
  }

  /** The name advisories use for this package. */
  protected String advisoryName(InstalledPackage pkg) {
    return pkg.name();
  }

  @Override
  public Lookup lookup(InstalledPackage pkg, Distro distro, AdvisoryIndex index) {
    String name = advisoryName(pkg);
    return new Lookup(name, pkg.version(), index.lookup(family, name), scheme, false);
  }
}
