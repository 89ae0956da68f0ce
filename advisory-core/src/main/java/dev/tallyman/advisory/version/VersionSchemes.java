package dev.tallyman.advisory.version;

import dev.tallyman.advisory.version.apk.ApkVersionScheme;
import dev.tallyman.advisory.version.composer.ComposerVersionScheme;
import dev.tallyman.advisory.version.deb.DebianVersionScheme;
import dev.tallyman.advisory.version.maven.MavenVersionScheme;
import dev.tallyman.advisory.version.nuget.NuGetVersionScheme;
import dev.tallyman.advisory.version.pypi.PypiVersionScheme;
import dev.tallyman.advisory.version.rpm.RpmVersionScheme;
import dev.tallyman.advisory.version.rubygems.RubyGemsVersionScheme;
import dev.tallyman.advisory.version.semver.SemverScheme;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Registry of version schemes by OSV ecosystem name ("Debian:12" resolves to "Debian"). */
public final class VersionSchemes {
  private static final Map<String, VersionScheme> BY_FAMILY = new TreeMap<>();

  static {
    register(new DebianVersionScheme("Debian"));
    register(new DebianVersionScheme("Ubuntu"));
    register(new MavenVersionScheme());
    register(new SemverScheme("Go"));
    register(new SemverScheme("npm"));
    register(new SemverScheme("crates.io"));
    for (String rpm : new String[] {"Red Hat", "AlmaLinux", "Rocky Linux", "openSUSE", "SUSE"}) {
      register(new RpmVersionScheme(rpm));
    }
    for (String apk : new String[] {"Alpine", "Wolfi", "Chainguard"}) {
      register(new ApkVersionScheme(apk));
    }
    register(new PypiVersionScheme());
    register(new RubyGemsVersionScheme());
    register(new NuGetVersionScheme());
    register(new ComposerVersionScheme());
  }

  private VersionSchemes() {}

  private static void register(VersionScheme scheme) {
    BY_FAMILY.put(scheme.ecosystem().toLowerCase(Locale.ROOT), scheme);
  }

  /** The scheme for an OSV ecosystem name such as "Debian:12", "Maven" or "debian". */
  public static Optional<VersionScheme> forEcosystem(String ecosystem) {
    if (ecosystem == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_FAMILY.get(family(ecosystem).toLowerCase(Locale.ROOT)));
  }

  /** The ecosystem family: the part before the first ':' ("Debian:12" -> "Debian"). */
  public static String family(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    return (colon < 0 ? ecosystem : ecosystem.substring(0, colon)).trim();
  }

  /** Names of every registered family, for error messages. */
  public static java.util.List<String> families() {
    return BY_FAMILY.values().stream().map(VersionScheme::ecosystem).toList();
  }
}
