package dev.tallyman.advisory.match.deb;

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
 * dpkg-based distributions. Security trackers publish per SOURCE package, so a binary package
 * (libssl3) is matched through its source (openssl) and source version. Only entries for the
 * image's release ("Debian:12", "Ubuntu:22.04:LTS") or release-less ones ("Debian") apply.
 */
public final class DebianMatcher implements Matcher {
  private final String family;
  private final boolean majorRelease;
  private final VersionScheme scheme;

  private DebianMatcher(String family, boolean majorRelease) {
    this.family = family;
    this.majorRelease = majorRelease;
    this.scheme = VersionSchemes.forEcosystem(family).orElseThrow();
  }

  /** Debian: releases are named by major version ("12" for 12.5). */
  public static DebianMatcher debian() {
    return new DebianMatcher("Debian", true);
  }

  /** Ubuntu: releases are named by the full VERSION_ID ("22.04"). */
  public static DebianMatcher ubuntu() {
    return new DebianMatcher("Ubuntu", false);
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
    String source = pkg.effectiveSourceName();
    String release = release(distro.versionId());
    List<AdvisoryIndex.Entry> entries = new ArrayList<>();
    for (AdvisoryIndex.Entry e : index.lookup(family, source)) {
      if (appliesTo(e.ecosystem(), release)) {
        entries.add(e);
      }
    }
    // the release's own entry and a release-less one may both match: the first answer stands
    return new Lookup(source, pkg.effectiveSourceVersion(), entries, scheme, true);
  }

  private String release(String versionId) {
    String v = versionId.trim();
    if (majorRelease) {
      int dot = v.indexOf('.');
      return dot < 0 ? v : v.substring(0, dot);
    }
    return v;
  }

  // "Debian" always applies; "Debian:12" only on release 12; "Ubuntu:Pro:..." never (not in
  // images).
  boolean appliesTo(String ecosystem, String release) {
    String[] parts = ecosystem.split(":");
    if (!parts[0].equalsIgnoreCase(family)) {
      return false;
    }
    if (parts.length == 1) {
      return true;
    }
    return !release.isEmpty() && parts[1].equals(release);
  }
}
