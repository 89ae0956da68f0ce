package dev.tallyman.advisory.match;

import dev.tallyman.advisory.version.VersionScheme;
import dev.tallyman.advisory.version.VersionSchemes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Matches a language-ecosystem package by its name against entries of the same ecosystem, with no
 * notion of OS release (Go, npm, crates.io; Maven adds naming rules on top).
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
  public List<Match> match(InstalledPackage pkg, Distro distro, AdvisoryIndex index) {
    String name = advisoryName(pkg);
    String version = pkg.version();
    scheme.validate(version);
    List<Match> out = new ArrayList<>();
    for (AdvisoryIndex.Entry e : index.lookup(family, name)) {
      if (e.record().isWithdrawn()) {
        continue;
      }
      Optional<AffectedRanges.Hit> hit = AffectedRanges.evaluate(e.affected(), version, scheme);
      hit.ifPresent(
          h ->
              out.add(
                  new Match(
                      pkg,
                      e.vulnerability(),
                      h.fixedVersion(),
                      h.matchedRange(),
                      e.ecosystem(),
                      name)));
    }
    return MatchMerge.byVulnerability(out, scheme);
  }
}
