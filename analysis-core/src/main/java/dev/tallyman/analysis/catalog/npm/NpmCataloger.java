package dev.tallyman.analysis.catalog.npm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.io.TransportGuard;
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

  private static final ObjectMapper MAPPER;
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(200)
                  .maxStringLength(1024 * 1024)
                  .build())
          .build();

  static {
    MAPPER = new ObjectMapper(JSON);
  }

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
    String name = null;
    String version = null;
    try (JsonParser p =
        JSON.createParser(new LimitedInputStream(file.content(), MAX_BYTES, file.path()))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonProcessingException("not a JSON object") {};
      }
      // Only top-level "name" and "version" matter; everything else is skipped unparsed.
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING && field.equals("name")) {
          name = p.getText().strip();
        } else if (value == JsonToken.VALUE_STRING && field.equals("version")) {
          version = p.getText().strip();
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      if (TransportGuard.find(e) != null) {
        throw e; // the layer stream failed, not this file
      }
      String reason =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      file.notes().add("skipped unreadable " + file.path() + ": " + reason);
      return List.of();
    }
    if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Package(
            "npm", name, version, purl(name, version), "", "", "", file.path(), file.layer()));
  }

  private List<Package> lockfile(ImageFile file) throws IOException {
    List<NpmLockfile.Locked> locked;
    try (JsonParser p =
        JSON.createParser(new LimitedInputStream(file.content(), MAX_LOCK_BYTES, file.path()))) {
      locked = NpmLockfile.read(p, MAPPER);
    } catch (IOException | IllegalStateException e) {
      if (TransportGuard.find(e) != null) {
        throw e;
      }
      String reason =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      file.notes().add("skipped unreadable " + file.path() + ": " + reason);
      return List.of();
    }
    List<Package> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (NpmLockfile.Locked l : locked) {
      // The same name@version locked at several depths is one package for this file.
      if (seen.add(l.name() + "@" + l.version())) {
        out.add(
            new Package(
                "npm",
                l.name(),
                l.version(),
                purl(l.name(), l.version()),
                "",
                "",
                "",
                file.path(),
                file.layer()));
      }
    }
    return out;
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
    try {
      int slash = name.indexOf('/');
      boolean scoped = name.startsWith("@") && slash > 0;
      return PackageURLBuilder.aPackageURL()
          .withType("npm")
          .withNamespace(scoped ? name.substring(0, slash) : null)
          .withName(scoped ? name.substring(slash + 1) : name)
          .withVersion(version)
          .build()
          .canonicalize();
    } catch (MalformedPackageURLException e) {
      return "";
    }
  }
}
