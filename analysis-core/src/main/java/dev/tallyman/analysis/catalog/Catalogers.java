package dev.tallyman.analysis.catalog;

import dev.tallyman.analysis.catalog.apk.ApkCataloger;
import dev.tallyman.analysis.catalog.composer.ComposerInstalledCataloger;
import dev.tallyman.analysis.catalog.dotnet.DotnetDepsCataloger;
import dev.tallyman.analysis.catalog.dpkg.DpkgCataloger;
import dev.tallyman.analysis.catalog.elf.ExecutableCataloger;
import dev.tallyman.analysis.catalog.maven.MavenCataloger;
import dev.tallyman.analysis.catalog.npm.NpmCataloger;
import dev.tallyman.analysis.catalog.python.PythonCataloger;
import dev.tallyman.analysis.catalog.rpm.RpmCataloger;
import dev.tallyman.analysis.catalog.ruby.GemspecCataloger;
import dev.tallyman.analysis.catalog.rust.CargoLockCataloger;
import java.util.List;

/**
 * The catalogers every analysis runs. A file goes to the first cataloger that wants it; apart from
 * the executables cataloger (which comes last and picks candidates by place) their requests do not
 * overlap.
 */
public final class Catalogers {
  private Catalogers() {}

  public static List<Cataloger> defaults() {
    return List.of(
        new DpkgCataloger(),
        new ApkCataloger(),
        new RpmCataloger(),
        new MavenCataloger(),
        new NpmCataloger(),
        new PythonCataloger(),
        new CargoLockCataloger(),
        new DotnetDepsCataloger(),
        new GemspecCataloger(),
        new ComposerInstalledCataloger(),
        // Last: its candidates are chosen by place, and it reads only files nobody else claims.
        new ExecutableCataloger());
  }
}
