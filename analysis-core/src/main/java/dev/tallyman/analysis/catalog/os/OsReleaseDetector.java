package dev.tallyman.analysis.catalog.os;

import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.layer.FileRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the OS: /etc/os-release, or /usr/lib/os-release (where the former usually links), then the
 * older distribution files for images without either: alpine-release, redhat-release, and
 * debian_version (which is also all a distroless image without os-release tells). Distroless images
 * either carry their own /etc/os-release ({@code PRETTY_NAME="Distroless"}, {@code ID=debian}) or
 * base-files' link to /usr/lib/os-release; their packages are dpkg {@code status.d/} stanzas.
 */
public final class OsReleaseDetector {
  public static final String ETC = "/etc/os-release";
  public static final String USR_LIB = "/usr/lib/os-release";
  public static final String ALPINE = "/etc/alpine-release";
  public static final String REDHAT = "/etc/redhat-release";
  public static final String DEBIAN = "/etc/debian_version";

  /** In order of preference. */
  private static final List<String> FILES = List.of(ETC, USR_LIB, ALPINE, REDHAT, DEBIAN);

  public static final FileRequest REQUEST = new FileRequest(Set.copyOf(FILES)::contains, 64 * 1024);

  private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+)*)");
  private static final Pattern CODENAME = Pattern.compile("\\(([^)]*)\\)");

  /** redhat-release text prefix -> os-release ID; the first that matches wins. */
  private static final List<Map.Entry<String, String>> REDHAT_IDS =
      List.of(
          Map.entry("red hat enterprise linux", "rhel"),
          Map.entry("centos stream", "centos"),
          Map.entry("centos", "centos"),
          Map.entry("rocky linux", "rocky"),
          Map.entry("almalinux", "almalinux"),
          Map.entry("oracle linux", "ol"),
          Map.entry("fedora", "fedora"),
          Map.entry("amazon linux", "amzn"));

  private OsReleaseDetector() {}

  /** An os-release file. */
  public static OsRelease read(InputStream in) throws IOException {
    return read(ETC, in);
  }

  /** Any of the files in {@link #REQUEST}, parsed according to its path. */
  public static OsRelease read(String path, InputStream in) throws IOException {
    byte[] bytes = LimitedInputStream.readAll(in, REQUEST.maxBytes(), path);
    String text = new String(bytes, StandardCharsets.UTF_8);
    return switch (path) {
      case ALPINE -> alpine(text);
      case REDHAT -> redhat(text);
      case DEBIAN -> debian(text);
      default -> OsRelease.parse(text);
    };
  }

  /** {@code 3.19.1}. */
  static OsRelease alpine(String text) {
    String version = firstLine(text);
    Matcher m = VERSION.matcher(version);
    if (!m.lookingAt()) {
      return OsRelease.UNKNOWN;
    }
    String[] parts = m.group(1).split("\\.");
    String branch = parts.length >= 2 ? parts[0] + "." + parts[1] : parts[0];
    return new OsRelease("alpine", m.group(1), "", "Alpine Linux v" + branch, "");
  }

  /** {@code Red Hat Enterprise Linux release 9.3 (Plow)}, {@code CentOS Linux release 7.9.2009}. */
  static OsRelease redhat(String text) {
    String line = firstLine(text);
    String lower = line.toLowerCase(Locale.ROOT);
    String id =
        REDHAT_IDS.stream()
            .filter(e -> lower.startsWith(e.getKey()))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse("");
    Matcher v = VERSION.matcher(line);
    if (id.isEmpty() || !v.find()) {
      return OsRelease.UNKNOWN;
    }
    String version = v.group(1);
    if (id.equals("centos") || id.equals("fedora")) {
      version = version.split("\\.")[0]; // their os-release VERSION_ID is the major version
    }
    Matcher c = CODENAME.matcher(line);
    String codename = c.find() ? c.group(1).strip() : "";
    return new OsRelease(id, version, codename, line, id.equals("fedora") ? "" : "fedora");
  }

  /** {@code 12.5} on releases, {@code trixie/sid} on testing and unstable. */
  static OsRelease debian(String text) {
    String line = firstLine(text);
    Matcher m = VERSION.matcher(line);
    if (m.lookingAt()) {
      return new OsRelease("debian", m.group(1).split("\\.")[0], "", "Debian GNU/Linux", "");
    }
    if (line.matches("[a-z]+/sid")) {
      return new OsRelease("debian", "", line.substring(0, line.indexOf('/')), "Debian", "");
    }
    return OsRelease.UNKNOWN;
  }

  private static String firstLine(String text) {
    String s = text.strip();
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /** Chooses among the OS files present in the final view, by path. */
  public static OsRelease choose(Map<String, OsRelease> found) {
    for (String path : FILES) {
      OsRelease os = found.get(path);
      if (os != null && os.isKnown()) {
        return os;
      }
    }
    return OsRelease.UNKNOWN;
  }
}
