package dev.tallyman.advisory.match;

import dev.tallyman.advisory.version.VersionScheme;
import java.util.List;
import java.util.Locale;

/** Human-readable traces of match decisions: which comparison of which range decided. */
public final class Explain {
  private Explain() {}

  /**
   * One entry's decision for a package.
   *
   * @param recordId the advisory record the entry belongs to (DEBIAN-CVE-..., GHSA-...)
   * @param status the vendor's status of the entry ("fixed", "no-fix-yet", "not-affected", ...)
   */
  public record Decision(
      Vulnerability vulnerability,
      String recordId,
      String source,
      String ecosystem,
      String matchedName,
      boolean affected,
      String fixedVersion,
      String status,
      List<String> lines) {}

  static List<String> lines(
      InstalledPackage pkg, Matcher.Lookup l, AdvisoryIndex.Entry e, Object key) {
    StringBuilder prefix = new StringBuilder(e.ecosystem()).append(' ').append(pkg.name());
    if (!l.name().equals(pkg.name()) || !pkg.sourceName().isEmpty()) {
      prefix.append(" source=").append(l.name());
    }
    prefix.append(" [").append(e.record().id()).append(" from ").append(e.source()).append(']');
    return e.compiled().explain(prefix.toString(), l.version(), key, label(l.scheme()));
  }

  /** The name people know the ordering by. */
  public static String label(VersionScheme scheme) {
    String cls = scheme.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    if (cls.startsWith("debian")) {
      return "dpkg";
    } else if (cls.startsWith("rpm")) {
      return "rpmvercmp";
    } else if (cls.startsWith("apk")) {
      return "apk";
    } else if (cls.startsWith("semver")) {
      return "semver";
    } else if (cls.startsWith("maven")) {
      return "maven ComparableVersion";
    } else if (cls.startsWith("pypi")) {
      return "PEP 440";
    } else if (cls.startsWith("rubygems")) {
      return "Gem::Version";
    } else if (cls.startsWith("nuget")) {
      return "NuGet";
    } else if (cls.startsWith("composer")) {
      return "composer";
    }
    return scheme.ecosystem();
  }
}
