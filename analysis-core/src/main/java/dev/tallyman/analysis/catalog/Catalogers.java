package dev.tallyman.analysis.catalog;

import dev.tallyman.analysis.catalog.apk.ApkCataloger;
import dev.tallyman.analysis.catalog.dpkg.DpkgCataloger;
import dev.tallyman.analysis.catalog.maven.MavenCataloger;
import dev.tallyman.analysis.catalog.npm.NpmCataloger;
import dev.tallyman.analysis.catalog.python.PythonCataloger;
import dev.tallyman.analysis.catalog.rpm.RpmCataloger;
import java.util.List;

/** The catalogers every analysis runs; their file requests do not overlap. */
public final class Catalogers {
  private Catalogers() {}

  public static List<Cataloger> defaults() {
    return List.of(
        new DpkgCataloger(),
        new ApkCataloger(),
        new RpmCataloger(),
        new MavenCataloger(),
        new NpmCataloger(),
        new PythonCataloger());
  }
}
