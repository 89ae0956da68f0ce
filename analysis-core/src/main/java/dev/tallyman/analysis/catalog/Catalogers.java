package dev.tallyman.analysis.catalog;

import dev.tallyman.analysis.catalog.dpkg.DpkgCataloger;
import dev.tallyman.analysis.catalog.maven.MavenCataloger;
import java.util.List;

/** The catalogers every analysis runs. */
public final class Catalogers {
  private Catalogers() {}

  public static List<Cataloger> defaults() {
    return List.of(new DpkgCataloger(), new MavenCataloger());
  }
}
