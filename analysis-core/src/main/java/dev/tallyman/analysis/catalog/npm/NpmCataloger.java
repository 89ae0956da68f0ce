package dev.tallyman.analysis.catalog.npm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Json;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.Purls;
import dev.tallyman.analysis.layer.FileRequest;
import dev.tallyman.analysis.layer.LayerPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Installed npm packages: the {@code package.json} at the top of each package directory under a
 * {@code node_modules} folder ({@code node_modules/NAME/} or {@code node_modules/@SCOPE/NAME/}).
 * Other package.json files (a project's own, or marker files deeper inside a package) are not
 * installed packages and are not read.
 *
 * <p>Also a project's lockfile ({@code package-lock.json} v1-v3, {@code npm-shrinkwrap.json}) when
 * nothing is installed beside it: an image that ships the lockfile of an app whose dependencies
 * were never installed (or were bundled) still declares them. Files stream by one at a time, so
 * which one wins is decided in {@link #reconcile}: a lockfile's packages are dropped when any
 * package was found installed in the {@code node_modules} next to it (the installed tree is the
 * truth, and reporting both would list everything twice).
 */
public final class NpmCataloger implements Cataloger {
  private static final long MAX_BYTES = 4L * 1024 * 1024;

  /** Lockfiles of large monorepos reach tens of MiB; they are streamed, never held whole. */
  private static final long MAX_LOCK_BYTES = 64L * 1024 * 1024;

  @Override
  public String name() {
    return "npm";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(p -> isInstalledManifest(p) || isLockfile(p), MAX_LOCK_BYTES);
  }

  /** A project's lockfile; those inside installed packages are covered by the installed tree. */
  static boolean isLockfile(String path) {
    String base = LayerPaths.baseName(path);
    return (base.equals("package-lock.json") || base.equals("npm-shrinkwrap.json"))
        && !path.contains("/node_modules/");
  }

  static boolean isInstalledManifest(String path) {
    if (!path.endsWith("/package.json")) {
      return false;
    }
    String[] parts = path.split("/");
    int n = parts.length; // parts[n-1] is package.json, parts[n-2] the package directory
    if (n >= 4 && parts[n - 3].equals("node_modules")) {
      return !parts[n - 2].startsWith("@") && !parts[n - 2].startsWith(".");
    }
    return n >= 5 && parts[n - 4].equals("node_modules") && parts[n - 3].startsWith("@");
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    if (isLockfile(file.path())) {
      return lockfile(file);
    }
    if (file.size() > MAX_BYTES) {
      file.notes()
          .add("skipped " + file.path() + " (" + file.size() + " bytes, limit " + MAX_BYTES + ")");
      return List.of();
    }
    return Json.packages(
        file,
        MAX_BYTES,
        (p, out) -> {
          Json.startObject(p);
          // Only top-level "name" and "version" matter; everything else is skipped unparsed.
          String[] nameVersion = {"", ""};
          Json.fields(
              p,
              (field, value) -> {
                boolean name = field.equals("name");
                boolean wanted =
                    value == JsonToken.VALUE_STRING && (name || field.equals("version"));
                if (wanted) {
                  nameVersion[name ? 0 : 1] = p.getText().strip();
                }
                return wanted;
              });
          if (!nameVersion[0].isEmpty() && !nameVersion[1].isEmpty()) {
            out.add(npm(nameVersion[0], nameVersion[1], file));
          }
        });
  }

  private List<Package> lockfile(ImageFile file) throws IOException {
    return Json.packages(
        file,
        MAX_LOCK_BYTES,
        (p, out) -> {
          List<NpmLockfile.Locked> locked;
          try {
            locked = NpmLockfile.read(p, Json.MAPPER);
          } catch (IllegalStateException e) {
            throw new JsonProcessingException(e.getMessage(), e) {}; // a cap: noted like bad JSON
          }
          Set<String> seen = new HashSet<>();
          for (NpmLockfile.Locked l : locked) {
            // The same name@version locked at several depths is one package for this file.
            if (seen.add(l.name() + "@" + l.version())) {
              out.add(npm(l.name(), l.version(), file));
            }
          }
        });
  }

  private static Package npm(String name, String version, ImageFile file) {
    return Package.of("npm", name, version, purl(name, version), file);
  }

  @Override
  public List<Package> reconcile(List<Package> found) {
    Set<String> installedUnder = new HashSet<>();
    for (Package p : found) {
      if (!isLockfile(p.path())) {
        int at = p.path().indexOf("/node_modules/");
        installedUnder.add(at < 0 ? p.path() : at == 0 ? "/" : p.path().substring(0, at));
      }
    }
    List<Package> kept = new ArrayList<>();
    for (Package p : found) {
      if (!isLockfile(p.path()) || !installedUnder.contains(LayerPaths.parent(p.path()))) {
        kept.add(p);
      }
    }
    return kept;
  }

  /** pkg:npm/%40scope/name@version. */
  static String purl(String name, String version) {
    int slash = name.indexOf('/');
    boolean scoped = name.startsWith("@") && slash > 0;
    return Purls.of(
        "npm",
        scoped ? name.substring(0, slash) : null,
        scoped ? name.substring(slash + 1) : name,
        version);
  }
}
