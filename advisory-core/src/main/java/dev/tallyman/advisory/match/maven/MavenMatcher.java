package dev.tallyman.advisory.match.maven;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tallyman.advisory.match.ByNameMatcher;
import dev.tallyman.advisory.match.InstalledPackage;

/**
 * Maven artifacts, matched by "groupId:artifactId" against the OSV "Maven" ecosystem with Maven's
 * version ordering. A name without a group is completed from the package's purl when it has one.
 */
public final class MavenMatcher extends ByNameMatcher {

  public MavenMatcher() {
    super("Maven");
  }

  @Override
  protected String advisoryName(InstalledPackage pkg) {
    if (pkg.name().contains(":") || pkg.purl().isEmpty()) {
      return pkg.name();
    }
    try {
      PackageURL purl = new PackageURL(pkg.purl());
      if ("maven".equals(purl.getType()) && purl.getNamespace() != null) {
        return purl.getNamespace() + ":" + purl.getName();
      }
    } catch (MalformedPackageURLException e) {
      // fall back to the plain name
    }
    return pkg.name();
  }
}
