package dev.tallyman.advisory.match;

import java.util.List;

/**
 * Decides which advisories affect a package, for one ecosystem family. Split like claircore's
 * matcher: {@link #filter} says whether this matcher is responsible for a package, {@link #match}
 * looks it up in the index and evaluates affected ranges with the family's version ordering.
 */
public interface Matcher {

  /** Short name for logs and metrics, e.g. "debian". */
  String name();

  /** Whether this matcher handles the package at all. */
  boolean filter(InstalledPackage pkg);

  /**
   * The advisories affecting {@code pkg} on {@code distro}.
   *
   * @throws dev.tallyman.advisory.version.InvalidVersionException when the installed version is not
   *     valid in the family's scheme
   */
  List<Match> match(InstalledPackage pkg, Distro distro, AdvisoryIndex index);
}
