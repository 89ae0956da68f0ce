package dev.tallyman.advisory.match;

import dev.tallyman.advisory.match.apk.ApkMatcher;
import dev.tallyman.advisory.match.deb.DebianMatcher;
import dev.tallyman.advisory.match.maven.MavenMatcher;
import dev.tallyman.advisory.match.rpm.RpmMatcher;
import dev.tallyman.advisory.version.InvalidVersionException;
import java.util.ArrayList;
import java.util.List;

/** Sends each package to the first matcher that handles it and collects the matches. */
public final class MatchEngine {

  /** Matches, plus packages that could not be evaluated and why (unknown ecosystem is not one). */
  public record Result(List<Match> matches, List<String> skipped) {}

  private final List<Matcher> matchers;

  public MatchEngine(List<Matcher> matchers) {
    this.matchers = List.copyOf(matchers);
  }

  /** Every matcher this module has. */
  public static MatchEngine standard() {
    return new MatchEngine(
        List.of(
            DebianMatcher.debian(),
            DebianMatcher.ubuntu(),
            ApkMatcher.alpine(),
            ApkMatcher.wolfi(),
            ApkMatcher.chainguard(),
            RpmMatcher.redHat(),
            RpmMatcher.almaLinux(),
            RpmMatcher.rockyLinux(),
            new MavenMatcher(),
            new ByNameMatcher("Go"),
            new ByNameMatcher("npm"),
            new ByNameMatcher("crates.io"),
            new ByNameMatcher("PyPI"),
            new ByNameMatcher("RubyGems"),
            new ByNameMatcher("NuGet"),
            new ByNameMatcher("Packagist")));
  }

  public Result match(Distro distro, List<InstalledPackage> packages, AdvisoryIndex index) {
    return match(distro, packages, index, false);
  }

  /** As {@link #match(Distro, List, AdvisoryIndex)}; with {@code explain} each match is traced. */
  public Result match(
      Distro distro, List<InstalledPackage> packages, AdvisoryIndex index, boolean explain) {
    List<Match> matches = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (InstalledPackage p : packages) {
      for (Matcher m : matchers) {
        if (m.filter(p)) {
          try {
            matches.addAll(m.match(p, distro, index, explain));
          } catch (InvalidVersionException e) {
            skipped.add(p.ecosystem() + "/" + p.name() + ": " + e.getMessage());
          }
          break;
        }
      }
    }
    return new Result(matches, skipped);
  }

  /**
   * Every applicable advisory entry's decision for one package, affected or not.
   *
   * @throws IllegalArgumentException when no matcher handles the package's ecosystem
   * @throws InvalidVersionException when its version is not valid in the ecosystem's scheme
   */
  public List<Explain.Decision> explain(Distro distro, InstalledPackage p, AdvisoryIndex index) {
    for (Matcher m : matchers) {
      if (m.filter(p)) {
        return m.explainAll(p, distro, index);
      }
    }
    throw new IllegalArgumentException("no matcher for ecosystem '" + p.ecosystem() + "'");
  }
}
