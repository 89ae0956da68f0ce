package dev.tallyman.analysis.catalog.ruby;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed gems: {@code specifications/NAME-VERSION.gemspec} (and {@code specifications/default/}
 * for the gems bundled with Ruby) under any gem home. These files are Ruby code, which is never
 * evaluated: RubyGems writes them in a fixed shape ({@code s.name = "x".freeze}, {@code s.version =
 * "1.0"}, older ones {@code %q{x}}), and since RubyGems 2 starts them with a {@code # stub: NAME
 * VERSION PLATFORM} line, which is used when the assignments are missing. {@code
 * Gem::Specification.new("name", "1.0")} is understood too.
 */
public final class GemspecCataloger implements Cataloger {
  static final long MAX_BYTES = 1024 * 1024;
  private static final String STRING = "(?:\"([^\"\\\\]*)\"|'([^'\\\\]*)'|%q\\{([^}]*)\\})";
  private static final Pattern NAME =
      Pattern.compile("^\\s*\\w+\\.name\\s*=\\s*" + STRING + "(?:\\.freeze)?\\s*$");
  private static final Pattern VERSION =
      Pattern.compile(
          "^\\s*\\w+\\.version\\s*=\\s*(?:Gem::Version\\.new\\(\\s*)?" + STRING + ".*$");
  private static final Pattern NEW =
      Pattern.compile("Gem::Specification\\.new\\s*\\(?\\s*" + STRING + "\\s*,\\s*" + STRING);
  private static final Pattern STUB = Pattern.compile("^# stub: (\\S+) (\\S+)(?: .*)?$");

  @Override
  public String name() {
    return "gemspec";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(GemspecCataloger::isInstalledSpec, MAX_BYTES);
  }

  static boolean isInstalledSpec(String path) {
    if (!path.endsWith(".gemspec")) {
      return false;
    }
    String parent = LayerPaths.parent(path);
    String dir = LayerPaths.baseName(parent);
    return dir.equals("specifications")
        || (dir.equals("default")
            && LayerPaths.baseName(LayerPaths.parent(parent)).equals("specifications"));
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    String name = null;
    String version = null;
    String stubName = null;
    String stubVersion = null;
    BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new LimitedInputStream(file.content(), MAX_BYTES, file.path()),
                StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = r.readLine()) != null && (name == null || version == null)) {
        Matcher m;
        if (stubName == null && (m = STUB.matcher(line)).matches()) {
          stubName = m.group(1);
          stubVersion = m.group(2);
        } else if (name == null && (m = NAME.matcher(line)).matches()) {
          name = string(m, 1);
        } else if (version == null && (m = VERSION.matcher(line)).matches()) {
          version = string(m, 1);
        } else if (name == null && (m = NEW.matcher(line)).find()) {
          name = string(m, 1);
          version = string(m, 4);
        }
      }
    } catch (LimitExceededException e) {
      file.notes().add("stopped reading " + file.path() + ": " + e.getMessage());
    }
    if (name == null || version == null) {
      name = stubName;
      version = stubVersion;
    }
    if (name == null || name.isBlank() || version == null || version.isBlank()) {
      file.notes().add("skipped " + file.path() + ": no gem name or version found");
      return List.of();
    }
    name = name.strip();
    version = version.strip();
    return List.of(
        Package.of("RubyGems", name, version, Purls.of("gem", null, name, version), file));
  }

  /** The first non-null of three alternative groups starting at {@code first}. */
  private static String string(Matcher m, int first) {
    for (int g = first; g < first + 3; g++) {
      if (m.group(g) != null) {
        return m.group(g);
      }
    }
    return null;
  }
}
