package dev.tallyman.advisory.match;

import java.util.List;

/**
 * One vulnerability affecting one installed package.
 *
 * @param vulnerability the merged record (canonical id, every alias, KEV/EPSS)
 * @param fixedVersion the lowest fixed version above the installed one, or "" when none is known
 * @param matchedRange the range (or "versions list") that matched, human readable
 * @param ecosystem OSV ecosystem of the affected entry, e.g. "Debian:12"
 * @param matchedName the name matched on (the source package for distros)
 * @param explain the comparisons that decided the match, one line each; empty unless asked for
 */
public record Match(
    InstalledPackage pkg,
    Vulnerability vulnerability,
    String fixedVersion,
    String matchedRange,
    String ecosystem,
    String matchedName,
    List<String> explain) {

  public Match {
    explain = explain == null ? List.of() : List.copyOf(explain);
  }

  public Match(
      InstalledPackage pkg,
      Vulnerability vulnerability,
      String fixedVersion,
      String matchedRange,
      String ecosystem,
      String matchedName) {
    this(pkg, vulnerability, fixedVersion, matchedRange, ecosystem, matchedName, List.of());
  }
}
