package dev.tallyman.analysis.catalog.golang;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.Purls;
import dev.tallyman.analysis.layer.LayerInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a binary's build info into packages of the OSV "Go" ecosystem: the main module, every
 * dependency, and the standard library as {@code stdlib} at the toolchain's version (the Go
 * vulnerability database files toolchain advisories under that name, versions without "go").
 */
public final class GoPackages {
  public static final String ECOSYSTEM = "Go";

  private GoPackages() {}

  public static List<Package> of(GoBuildInfo.Info info, String path, LayerInfo layer) {
    List<Package> out = new ArrayList<>();
    if (info.main() != null) {
      add(out, effective(info.main()), path, layer);
    }
    for (GoBuildInfo.Module dep : info.deps()) {
      add(out, effective(dep), path, layer);
    }
    String std = stdlibVersion(info.goVersion());
    if (!std.isEmpty()) {
      out.add(Package.of(ECOSYSTEM, "stdlib", std, purl("stdlib", std), path, layer));
    }
    return out;
  }

  /**
   * What was compiled in: a replacement with a version is another module; one that points at a
   * local directory has none, so the required module and version are the best description.
   */
  static GoBuildInfo.Module effective(GoBuildInfo.Module m) {
    GoBuildInfo.Module r = m.replacement();
    if (r == null || r.path().isEmpty() || r.version().isEmpty() || r.version().equals("(devel)")) {
      return m;
    }
    return r;
  }

  private static void add(List<Package> out, GoBuildInfo.Module m, String path, LayerInfo layer) {
    if (m.path().isEmpty() || m.version().isEmpty()) {
      return;
    }
    out.add(Package.of(ECOSYSTEM, m.path(), m.version(), purl(m.path(), m.version()), path, layer));
  }

  /** "go1.21.3" or "go1.20.1 X:boringcrypto" -> "1.21.3"; development toolchains -> "". */
  static String stdlibVersion(String goVersion) {
    String v = goVersion.strip();
    int space = v.indexOf(' ');
    if (space >= 0) {
      v = v.substring(0, space);
    }
    return v.startsWith("go") && v.length() > 2 && Character.isDigit(v.charAt(2))
        ? v.substring(2)
        : "";
  }

  /** pkg:golang/NAMESPACE/NAME@VERSION, the module path split at its last slash. */
  static String purl(String modulePath, String version) {
    int slash = modulePath.lastIndexOf('/');
    return Purls.of(
        "golang",
        slash > 0 ? modulePath.substring(0, slash) : null,
        slash > 0 ? modulePath.substring(slash + 1) : modulePath,
        version);
  }
}
