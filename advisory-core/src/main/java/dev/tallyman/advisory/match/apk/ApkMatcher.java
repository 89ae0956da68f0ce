package dev.tallyman.advisory.match.apk;

import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Matcher;
import dev.tallyman.advisory.version.VersionScheme;
import dev.tallyman.advisory.version.VersionSchemes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * apk-based distributions. secdb and OSV list fixes per ORIGIN (the aport that builds the
 * subpackages), so a subpackage (libcrypto3) is matched through its origin (openssl, the {@code o:}
 * field of the installed database); a package without an origin is its own origin. Subpackages
 * share the origin's version.
 *
 * <p>Alpine entries are per branch: {@code Alpine:v3.19} applies to VERSION_ID 3.19.x only (a
 * release-less {@code Alpine} entry everywhere). Wolfi and Chainguard are rolling distributions
 * without branches; Chainguard images are built from Wolfi packages plus Chainguard's own, so a
 * Chainguard package is looked up in the Chainguard feed first and then in Wolfi's.
 */
public final class ApkMatcher implements Matcher {
  private final String family;
  private final List<String> feeds;
  private final boolean branched;
  private final VersionScheme scheme;

  private ApkMatcher(String family, List<String> feeds, boolean branched) {
    this.family = family;
    this.feeds = feeds;
    this.branched = branched;
    this.scheme = VersionSchemes.forEcosystem(family).orElseThrow();
  }

  /** Alpine: entries of the image's branch ({@code Alpine:v3.19} for VERSION_ID 3.19.1). */
  public static ApkMatcher alpine() {
    return new ApkMatcher("Alpine", List.of("Alpine"), true);
  }

  /** Wolfi: the Wolfi secdb / OSV ecosystem "Wolfi". */
  public static ApkMatcher wolfi() {
    return new ApkMatcher("Wolfi", List.of("Wolfi"), false);
  }

  /** Chainguard: "Chainguard" entries first, then "Wolfi" ones (the packages Chainguard reuses). */
  public static ApkMatcher chainguard() {
    return new ApkMatcher("Chainguard", List.of("Chainguard", "Wolfi"), false);
  }

  @Override
  public String name() {
    return family.toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean filter(InstalledPackage pkg) {
    return VersionSchemes.family(pkg.ecosystem()).equalsIgnoreCase(family);
  }

  @Override
  public Lookup lookup(InstalledPackage pkg, Distro distro, AdvisoryIndex index) {
    String origin = pkg.effectiveSourceName();
    String branch = branch(distro.versionId());
    List<AdvisoryIndex.Entry> entries = new ArrayList<>();
    for (String feed : feeds) {
      for (AdvisoryIndex.Entry e : index.lookup(feed, origin)) {
        if (appliesTo(e.ecosystem(), feed, branch)) {
          entries.add(e);
        }
      }
    }
    // secdb and OSV copies of one fix, or Chainguard's and Wolfi's: the first answer stands
    return new Lookup(origin, pkg.effectiveSourceVersion(), entries, scheme, true);
  }

  /** "3.19.1" → "v3.19"; "" when the image's branch is unknown. Edge ("3.20_alpha...") too. */
  static String branch(String versionId) {
    String[] parts = versionId.trim().split("[._]");
    if (parts.length < 2 || parts[0].isEmpty()) {
      return "";
    }
    return "v" + parts[0] + "." + parts[1];
  }

  private boolean appliesTo(String ecosystem, String feed, String branch) {
    String[] parts = ecosystem.split(":", -1);
    if (!parts[0].trim().equalsIgnoreCase(feed)) {
      return false;
    }
    if (parts.length == 1 || !branched) {
      return true;
    }
    return !branch.isEmpty() && parts[1].trim().equalsIgnoreCase(branch);
  }
}
