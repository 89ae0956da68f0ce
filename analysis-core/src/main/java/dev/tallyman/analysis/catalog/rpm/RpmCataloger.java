package dev.tallyman.analysis.catalog.rpm;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.github.packageurl.PackageURLBuilder;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.Notes;
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
import java.util.TreeSet;

/**
 * RPM packages from any of rpm's databases: SQLite {@code rpmdb.sqlite} (RHEL 9, Fedora 33+, Rocky,
 * Alma), Berkeley DB {@code Packages} (RHEL/CentOS 7 and 8, Amazon Linux 2) and NDB {@code
 * Packages.db} (SUSE), in {@code /var/lib/rpm} or {@code /usr/lib/sysimage/rpm}. The format is told
 * by the file's magic.
 */
public final class RpmCataloger implements Cataloger {
  static final String VAR_LIB = "/var/lib/rpm/rpmdb.sqlite";
  static final String SYSIMAGE = "/usr/lib/sysimage/rpm/rpmdb.sqlite";
  static final String VAR_LIB_BDB = "/var/lib/rpm/Packages";
  static final String SYSIMAGE_BDB = "/usr/lib/sysimage/rpm/Packages";
  static final String VAR_LIB_NDB = "/var/lib/rpm/Packages.db";
  static final String SYSIMAGE_NDB = "/usr/lib/sysimage/rpm/Packages.db";
  private static final Set<String> PATHS =
      Set.of(VAR_LIB, SYSIMAGE, VAR_LIB_BDB, SYSIMAGE_BDB, VAR_LIB_NDB, SYSIMAGE_NDB);
  private static final long MAX_BYTES = 512L * 1024 * 1024;

  /**
   * Which database rpm itself opens when several exist: its backend detection tries sqlite, then
   * ndb, then bdb; the sysimage directory is where the distributions that have it keep the live
   * database (with {@code /var/lib/rpm} a link to it).
   */
  private static final List<String> PREFERENCE =
      List.of(SYSIMAGE, VAR_LIB, SYSIMAGE_NDB, VAR_LIB_NDB, SYSIMAGE_BDB, VAR_LIB_BDB);

  @Override
  public String name() {
    return "rpm";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(PATHS::contains, MAX_BYTES);
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    RpmDatabases.Result db;
    try {
      db = RpmDatabases.read(file.content(), MAX_BYTES, file.path());
    } catch (SQLException | AnalysisException | RpmDbFormatException e) {
      file.notes().add("skipped unreadable rpmdb " + file.path() + ": " + e.getMessage());
      return List.of();
    }
    if (db.skipped() > 0) {
      file.notes().add(file.path() + ": skipped " + db.skipped() + " unreadable package headers");
    }
    List<Package> packages = new ArrayList<>();
    for (RpmEntry e : db.entries()) {
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
              file.layer(),
              e.modularityLabel());
      packages.add(p.withPurl(purl(p, e)));
    }
    return packages;
  }

  /**
   * An image holding two rpm databases (a converted image keeps the old {@code Packages} beside
   * {@code rpmdb.sqlite}) would list every package twice: only the database rpm would use counts,
   * and a note names the ones ignored.
   */
  @Override
  public List<Package> reconcile(List<Package> found, Notes notes) {
    Set<String> databases = new TreeSet<>();
    found.forEach(p -> databases.add(p.path()));
    if (databases.size() < 2) {
      return found;
    }
    String used = PREFERENCE.stream().filter(databases::contains).findFirst().orElseThrow();
    databases.remove(used);
    notes.add(
        "rpm: several package databases found; listed packages from "
            + used
            + " (the one rpm would open), ignored "
            + String.join(", ", databases));
    return found.stream().filter(p -> p.path().equals(used)).toList();
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
