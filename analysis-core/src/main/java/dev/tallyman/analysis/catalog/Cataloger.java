package dev.tallyman.analysis.catalog;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.FileRequest;
import java.io.IOException;
import java.util.List;

/**
 * Finds packages of one ecosystem. Each cataloger names the files it wants; those are streamed to
 * it one at a time as layers are read, and the packages of files still present in the final view
 * are kept.
 */
public interface Cataloger {
  String name();

  FileRequest request();

  /** Packages declared by this file; an unreadable file should add a note, not fail the image. */
  List<Package> catalog(ImageFile file) throws IOException;

  /** Adds what depends on the OS (e.g. the purl distro qualifier) once the final view is known. */
  default Package complete(Package pkg, OsRelease os) {
    return pkg;
  }

  /**
   * Sees every package this cataloger found in the final view (after {@link #complete}) and returns
   * those to keep, e.g. to drop what one file declares when another file already shows it
   * installed. Files are read one at a time as layers stream by, so this is the only place where a
   * cataloger can weigh one file against another.
   */
  default List<Package> reconcile(List<Package> found) {
    return found;
  }

  /** {@link #reconcile(List)} with the image's notes, to say what was dropped and why. */
  default List<Package> reconcile(List<Package> found, Notes notes) {
    return reconcile(found);
  }
}
