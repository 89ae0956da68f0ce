package dev.tallyman.analysis.reuse;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import java.util.List;

/**
 * What one wanted file yielded: an OS release, or the packages a cataloger (by name) found in it.
 * Packages carry the layer they were read from, but that is rebound when the view is assembled,
 * since the same layer (diff id) can sit in images with other digests and history.
 */
public record FileResult(OsRelease os, String cataloger, List<Package> packages) {
  public FileResult {
    packages = List.copyOf(packages);
  }
}
