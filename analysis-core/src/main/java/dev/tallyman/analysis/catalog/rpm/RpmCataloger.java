package dev.tallyman.analysis.catalog.rpm;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.github.packageurl.PackageURLBuilder;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.FileRequest;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * RPM packages from the SQLite rpmdb (RHEL 9, Fedora 33+, openSUSE, Rocky, Alma). The Berkeley DB
 * ({@code Packages}) and NDB ({@code Packages.db}) formats are not read yet.
 */
public final class RpmCataloger implements Cataloger {
  static final String VAR_LIB = "/var/lib/rpm/rpmdb.sqlite";
  static final String SYSIMAGE = "/usr/lib/sysimage/rpm/rpmdb.sqlite";
  private static final long MAX_BYTES = 512L * 1024 * 1024;

  @Override
  public String name() {
    return "rpm";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(Set.of(VAR_LIB, SYSIMAGE)::contains, MAX_BYTES);
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    int[] skipped = {0};
    List<RpmEntry> entries;
    try {
      entries = SqliteRpmDb.read(file.content(), MAX_BYTES, file.path(), skipped);
    } catch (SQLException | AnalysisException e) {
      file.notes().add("skipped unreadable rpmdb " + file.path() + ": " + e.getMessage());
      return List.of();
    }
    if (skipped[0] > 0) {
      file.notes().add(file.path() + ": skipped " + skipped[0] + " unreadable package headers");
    }
    List<Package> packages = new ArrayList<>();
    for (RpmEntry e : entries) {
      // gpg-pubkey entries are imported signing keys, not software.
      if (e.name().isEmpty() || e.version().isEmpty() || e.name().equals("gpg-pubkey")) {
        continue;
      }
      Package p =
          new Package(
              "Red Hat",
              e.name(),
              e.evr(),
              null,
              e.sourceName(),
              e.sourceVersion(),
              e.arch(),
              file.path(),
              file.layer());
      packages.add(p.withPurl(purl(p, e)));
    }
    return packages;
  }

  @Override
  public Package complete(Package pkg, OsRelease os) {
    return pkg.withEcosystem(ecosystem(os)).withPurl(withOs(pkg.purl(), os));
  }

  /** Re-homes a purl made without the OS under the OS vendor's namespace, adding the distro. */
  static String withOs(String purl, OsRelease os) {
    if (purl.isEmpty() || !os.isKnown()) {
      return purl;
    }
    try {
      PackageURL old = new PackageURL(purl);
      PackageURLBuilder b =
          PackageURLBuilder.aPackageURL()
              .withType(old.getType())
              .withNamespace(os.id())
              .withName(old.getName())
              .withVersion(old.getVersion());
      if (old.getQualifiers() != null) {
        old.getQualifiers().forEach(b::withQualifier);
      }
      if (!os.versionId().isEmpty()) {
        b.withQualifier("distro", os.id() + "-" + os.versionId());
      }
      return b.build().canonicalize();
    } catch (MalformedPackageURLException ex) {
      return purl;
    }
  }

  /** OSV ecosystem names of the rpm-based distributions; "Red Hat" covers RHEL and its kin. */
  static String ecosystem(OsRelease os) {
    String id = os.id();
    if (id.equals("almalinux")) {
      return "AlmaLinux";
    }
    if (id.equals("rocky")) {
      return "Rocky Linux";
    }
    if (id.startsWith("opensuse")) {
      return "openSUSE";
    }
    if (id.equals("sles") || id.startsWith("sle")) {
      return "SUSE";
    }
    return "Red Hat";
  }

  /**
   * pkg:rpm/redhat/NAME@VERSION-RELEASE?arch=..&epoch=..&upstream=SRC.src.rpm; the OS comes later.
   */
  static String purl(Package p, RpmEntry e) {
    try {
      PackageURLBuilder b =
          PackageURLBuilder.aPackageURL()
              .withType("rpm")
              .withNamespace("redhat")
              .withName(p.name())
              .withVersion(e.release().isEmpty() ? e.version() : e.version() + "-" + e.release());
      if (!p.arch().isEmpty()) {
        b.withQualifier("arch", p.arch());
      }
      if (e.epoch() != null && e.epoch() != 0) {
        b.withQualifier("epoch", String.valueOf(e.epoch()));
      }
      if (!e.sourceRpm().isEmpty()) {
        b.withQualifier("upstream", e.sourceRpm());
      }
      return b.build().canonicalize();
    } catch (MalformedPackageURLException ex) {
      return "";
    }
  }
}
