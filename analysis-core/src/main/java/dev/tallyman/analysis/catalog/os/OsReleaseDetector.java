package dev.tallyman.analysis.catalog.os;

import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.layer.FileRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** Finds the OS: /etc/os-release, falling back to /usr/lib/os-release (where the former links). */
public final class OsReleaseDetector {
  public static final String ETC = "/etc/os-release";
  public static final String USR_LIB = "/usr/lib/os-release";
  public static final FileRequest REQUEST =
      new FileRequest(Set.of(ETC, USR_LIB)::contains, 64 * 1024);

  private OsReleaseDetector() {}

  public static OsRelease read(InputStream in) throws IOException {
    byte[] bytes = LimitedInputStream.readAll(in, REQUEST.maxBytes(), "os-release");
    return OsRelease.parse(new String(bytes, StandardCharsets.UTF_8));
  }

  /** Chooses among the os-release files present in the final view, by path. */
  public static OsRelease choose(Map<String, OsRelease> found) {
    OsRelease etc = found.get(ETC);
    if (etc != null && etc.isKnown()) {
      return etc;
    }
    return found.getOrDefault(USR_LIB, OsRelease.UNKNOWN);
  }
}
