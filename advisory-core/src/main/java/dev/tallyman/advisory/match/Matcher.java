package dev.tallyman.advisory.match;

import dev.tallyman.advisory.version.VersionScheme;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which advisories affect a package, for one ecosystem family. Split like claircore's
 * matcher: {@link #filter} says whether this matcher is responsible for a package, {@link #lookup}
 * finds the entries that apply and the name and version to evaluate them with; evaluation of the
 * pre-parsed ranges is the same for every family.
 */
public interface Matcher {

  /** Short name for logs and metrics, e.g. "debian". */
  String name();

  /** Whether this matcher handles the package at all. */
  boolean filter(InstalledPackage pkg);

  /**
   * What to evaluate for a package.
   *
   * @param name the name advisories use (the source package for distros)
   * @param version the version to compare (the source version for distros)
   * @param entries the applicable entries (release filtered, withdrawn excluded)
   * @param firstWins keep the first entry's answer per vulnerability instead of joining ranges
   */
  record Lookup(
      String name,
      String version,
      List<AdvisoryIndex.Entry> entries,
      VersionScheme scheme,
      boolean firstWins) {}

  /**
   * @throws dev.tallyman.advisory.version.InvalidVersionException when the version to compare is
   *     not valid in the family's scheme
   */
  Lookup lookup(InstalledPackage pkg, Distro distro, AdvisoryIndex index);

  /** The advisories affecting {@code pkg} on {@code distro}. */
  default List<Match> match(InstalledPackage pkg, Distro distro, AdvisoryIndex index) {
    return match(pkg, distro, index, false);
  }

  /**
   * The advisories affecting {@code pkg} on {@code distro}; with {@code explain}, each match
   * carries the comparisons that decided it.
   *
   * @throws dev.tallyman.advisory.version.InvalidVersionException when the installed version is not
   *     valid in the family's scheme
   */
  default List<Match> match(
      InstalledPackage pkg, Distro distro, AdvisoryIndex index, boolean explain) {
    Lookup l = lookup(pkg, distro, index);
    Object key = l.scheme().key(l.version());
    List<Match> out = new ArrayList<>();
    for (AdvisoryIndex.Entry e : l.entries()) {
      AffectedRanges.Hit h = e.compiled().evaluate(l.version(), key);
      if (h != null) {
        out.add(
            new Match(
                pkg,
                e.vulnerability(),
                h.fixedVersion(),
                h.matchedRange(),
                e.ecosystem(),
                l.name(),
                explain ? Explain.lines(pkg, l, e, key) : List.of()));
      }
    }
    if (l.firstWins()) {
      Map<String, Match> byVuln = new LinkedHashMap<>();
      out.forEach(m -> byVuln.putIfAbsent(m.vulnerability().id(), m));
      return new ArrayList<>(byVuln.values());
    }
    return MatchMerge.byVulnerability(out, l.scheme());
  }

  /**
   * Every applicable entry's decision for {@code pkg}, matched or not ("not affected" vendor
   * statuses included), for {@code tallyman advisories explain}.
   */
  default List<Explain.Decision> explainAll(
      InstalledPackage pkg, Distro distro, AdvisoryIndex index) {
    Lookup l = lookup(pkg, distro, index);
    Object key = l.scheme().key(l.version());
    List<Explain.Decision> out = new ArrayList<>();
    for (AdvisoryIndex.Entry e : l.entries()) {
      AffectedRanges.Hit h = e.compiled().evaluate(l.version(), key);
      out.add(
          new Explain.Decision(
              e.vulnerability(),
              e.record().id(),
              e.source(),
              e.ecosystem(),
              l.name(),
              h != null,
              h == null ? "" : h.fixedVersion(),
              e.compiled().status(),
              Explain.lines(pkg, l, e, key)));
    }
    return out;
  }
}
