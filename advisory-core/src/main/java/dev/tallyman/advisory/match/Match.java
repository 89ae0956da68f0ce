package dev.tallyman.advisory.match;

/**
 * One advisory affecting one installed package.
 *
 * @param fixedVersion the lowest fixed version above the installed one, or "" when none is known
 * @param matchedRange the range (or "versions list") that matched, human readable
 * @param ecosystem OSV ecosystem of the affected entry, e.g. "Debian:12"
 * @param matchedName the name matched on (the source package for distros)
 */
public record Match(
    InstalledPackage pkg,
    Vulnerability vulnerability,
    String fixedVersion,
    String matchedRange,
    String ecosystem,
    String matchedName) {}
