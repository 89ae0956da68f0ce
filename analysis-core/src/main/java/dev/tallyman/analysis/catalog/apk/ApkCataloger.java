package dev.tallyman.analysis.catalog.apk;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.layer.FileRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Alpine (and Wolfi / Chainguard) packages from the apk installed database. */
public final class ApkCataloger implements Cataloger {
  static final String INSTALLED = "/lib/apk/db/installed";

  /** Where apk-tools 3 and Wolfi may keep it. */
  static final String USR_INSTALLED = "/usr/lib/apk/db/installed";

  private static final long MAX_BYTES = 64L * 1024 * 1024;

  /** os-release ID -> OSV ecosystem; anything else is treated as Alpine. */
  private static final Map<String, String> ECOSYSTEMS =
      Map.of("alpine", "Alpine", "wolfi", "Wolfi", "chainguard", "Chainguard");

  @Override
  public String name() {
    return "apk";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(Set.of(INSTALLED, USR_INSTALLED)::contains, MAX_BYTES);
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    int[] skipped = {0};
    var in = new LimitedInputStream(file.content(), MAX_BYTES, file.path());
    List<ApkEntry> entries =
        ApkDbParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8), skipped);
    if (skipped[0] > 0) {
      file.notes().add(file.path() + ": skipped " + skipped[0] + " records without P: or V:");
    }
    List<Package> packages = new ArrayList<>();
    for (ApkEntry e : entries) {
      Package p =
          new Package(
              "Alpine",
              e.name(),
              e.version(),
              null,
              e.origin(),
              e.origin().isEmpty() ? "" : e.version(), // subpackages share their origin's version
              e.arch(),
              file.path(),
              file.layer());
      packages.add(p.withPurl(purl(p, OsRelease.UNKNOWN)));
    }
    return packages;
  }

  @Override
  public Package complete(Package pkg, OsRelease os) {
    return pkg.withEcosystem(ECOSYSTEMS.getOrDefault(os.id(), "Alpine")).withPurl(purl(pkg, os));
  }

  /** pkg:apk/alpine/NAME@VERSION?arch=..&distro=alpine-3.19.1&upstream=ORIGIN. */
  static String purl(Package p, OsRelease os) {
    boolean apkOs = ECOSYSTEMS.containsKey(os.id());
    try {
      PackageURLBuilder b =
          PackageURLBuilder.aPackageURL()
              .withType("apk")
              .withNamespace(apkOs ? os.id() : "alpine")
              .withName(p.name())
              .withVersion(p.version());
      if (!p.arch().isEmpty()) {
        b.withQualifier("arch", p.arch());
      }
      if (apkOs && !os.versionId().isEmpty()) {
        b.withQualifier("distro", os.id() + "-" + os.versionId());
      }
      if (!p.sourceName().isEmpty()) {
        b.withQualifier("upstream", p.sourceName());
      }
      return b.build().canonicalize();
    } catch (MalformedPackageURLException e) {
      return "";
    }
  }
}
