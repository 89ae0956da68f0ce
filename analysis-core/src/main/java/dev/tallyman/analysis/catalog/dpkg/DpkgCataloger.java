package dev.tallyman.analysis.catalog.dpkg;

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

/** Debian packages from the dpkg status database (and distroless status.d/ files). */
public final class DpkgCataloger implements Cataloger {
  static final String STATUS = "/var/lib/dpkg/status";
  static final String STATUS_D = "/var/lib/dpkg/status.d/";
  private static final long MAX_BYTES = 64L * 1024 * 1024;

  @Override
  public String name() {
    return "dpkg";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(
        p ->
            p.equals(STATUS)
                || (p.startsWith(STATUS_D)
                    && p.indexOf('/', STATUS_D.length()) < 0
                    && !p.endsWith(".md5sums")),
        MAX_BYTES);
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    List<Package> packages = new ArrayList<>();
    var in = new LimitedInputStream(file.content(), MAX_BYTES, file.path());
    for (DpkgEntry e : DpkgStatusParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      if (!e.installed()) {
        continue;
      }
      String sourceName = e.sourceName().equals(e.name()) ? "" : e.sourceName();
      Package p =
          new Package(
              "Debian",
              e.name(),
              e.version(),
              null,
              sourceName,
              e.sourceVersion(),
              e.arch(),
              file.path(),
              file.layer());
      packages.add(p.withPurl(purl(p, OsRelease.UNKNOWN)));
    }
    return packages;
  }

  /** Ubuntu and other Debian derivatives keep their own vendor namespace and OSV ecosystem. */
  @Override
  public Package complete(Package pkg, OsRelease os) {
    Package p = pkg;
    if (os.id().equals("ubuntu")) {
      p = p.withEcosystem("Ubuntu");
    }
    return p.withPurl(purl(p, os));
  }

  /** pkg:deb/debian/NAME@VERSION?arch=..&distro=debian-12&upstream=SRC[@SRCVERSION]. */
  static String purl(Package p, OsRelease os) {
    try {
      String vendor = os.isKnown() ? os.id() : "debian";
      PackageURLBuilder b =
          PackageURLBuilder.aPackageURL()
              .withType("deb")
              .withNamespace(vendor)
              .withName(p.name())
              .withVersion(p.version());
      if (!p.arch().isEmpty()) {
        b.withQualifier("arch", p.arch());
      }
      if (os.isKnown() && !os.versionId().isEmpty()) {
        b.withQualifier("distro", os.id() + "-" + os.versionId());
      }
      String sourceName = p.sourceName().isEmpty() ? null : p.sourceName();
      if (sourceName != null || !p.sourceVersion().isEmpty()) {
        String src = sourceName != null ? sourceName : p.name();
        b.withQualifier(
            "upstream", p.sourceVersion().isEmpty() ? src : src + "@" + p.sourceVersion());
      }
      return b.build().canonicalize();
    } catch (MalformedPackageURLException e) {
      return "";
    }
  }
}
