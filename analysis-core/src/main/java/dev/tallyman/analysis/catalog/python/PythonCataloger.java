package dev.tallyman.analysis.catalog.python;

import dev.tallyman.analysis.LimitExceededException;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.Purls;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.layer.FileRequest;
import dev.tallyman.analysis.layer.LayerPaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Installed Python distributions: {@code *.dist-info/METADATA} (wheels, pip), {@code
 * *.egg-info/PKG-INFO} (setuptools), and {@code *.egg-info} files (distutils, as Debian installs
 * some). Only the RFC 822 header block is read; the description after it is skipped.
 */
public final class PythonCataloger implements Cataloger {
  private static final long MAX_BYTES = 8L * 1024 * 1024;

  /** Headers longer than this stop the parse: Name and Version come first in real metadata. */
  private static final long MAX_HEADER_BYTES = 1024 * 1024;

  @Override
  public String name() {
    return "python";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(PythonCataloger::isMetadata, MAX_BYTES);
  }

  static boolean isMetadata(String path) {
    if (!path.endsWith("/METADATA") && !path.endsWith("/PKG-INFO") && !path.endsWith(".egg-info")) {
      return false; // asked for every entry: the common answer without substrings
    }
    String parent = LayerPaths.baseName(LayerPaths.parent(path));
    String base = LayerPaths.baseName(path);
    return (base.equals("METADATA") && parent.endsWith(".dist-info"))
        || (base.equals("PKG-INFO") && parent.endsWith(".egg-info"))
        || base.endsWith(".egg-info");
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    String name = null;
    String version = null;
    var in = new LimitedInputStream(file.content(), MAX_HEADER_BYTES, file.path() + " headers");
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = readLine(r, file)) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
        continue; // continuation lines of folded headers
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      if (key.equals("name") && name == null) {
        name = line.substring(colon + 1).strip();
      } else if (key.equals("version") && version == null) {
        version = line.substring(colon + 1).strip();
      }
      if (name != null && version != null) {
        break;
      }
    }
    if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
      file.notes().add("skipped " + file.path() + ": no Name or Version header");
      return List.of();
    }
    String normalized = normalize(name);
    return List.of(
        Package.of("PyPI", normalized, version, Purls.of("pypi", null, normalized, version), file));
  }

  /** A header block past its cap is noted and ends the parse, not the image's analysis. */
  private static String readLine(BufferedReader r, ImageFile file) throws IOException {
    try {
      return r.readLine();
    } catch (LimitExceededException e) {
      file.notes().add("stopped reading " + file.path() + ": " + e.getMessage());
      return null;
    }
  }

  /** PEP 503: lowercase, and every run of {@code -_.} becomes one {@code -}. */
  public static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }
}
