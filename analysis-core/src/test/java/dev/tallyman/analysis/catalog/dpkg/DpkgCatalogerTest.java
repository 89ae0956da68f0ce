package dev.tallyman.analysis.catalog.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** testdata/status holds real stanzas copied from a Debian 12 machine's /var/lib/dpkg/status. */
class DpkgCatalogerTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "ADD rootfs /");
  private static final OsRelease DEBIAN_12 =
      new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "");

  private static InputStream status() {
    return DpkgCatalogerTest.class.getResourceAsStream("testdata/status");
  }

  @Test
  void parsesRealStatusStanzas() throws IOException {
    List<DpkgEntry> entries =
        DpkgStatusParser.parse(new InputStreamReader(status(), StandardCharsets.UTF_8));

    assertThat(entries)
        .extracting(DpkgEntry::name)
        .containsExactlyInAnyOrder("base-files", "libssl3", "tzdata", "zlib1g", "bash");
    DpkgEntry zlib =
        entries.stream().filter(e -> e.name().equals("zlib1g")).findFirst().orElseThrow();
    assertThat(zlib)
        .isEqualTo(
            new DpkgEntry(
                "zlib1g", "1:1.2.13.dfsg-1", "amd64", "zlib", "", "install ok installed"));
    DpkgEntry bash =
        entries.stream().filter(e -> e.name().equals("bash")).findFirst().orElseThrow();
    assertThat(bash.sourceName()).isEqualTo("bash");
    assertThat(bash.sourceVersion()).isEqualTo("5.2.15-2");
    assertThat(bash.version()).isEqualTo("5.2.15-2+b8");
  }

  @Test
  void onlyInstalledPackagesCount() throws IOException {
    String text =
        "Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\nPackage: here\nStatus: install ok installed\nVersion: 2.0\nArchitecture: all\n";
    List<Package> packages =
        new DpkgCataloger()
            .catalog(file(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    assertThat(packages).extracting(Package::name).containsExactly("here");
    assertThat(DpkgStatusParser.parse(new StringReader(text))).hasSize(2);
  }

  @Test
  void purlsFollowThePurlSpecOnceTheOsIsKnown() throws IOException {
    DpkgCataloger cataloger = new DpkgCataloger();
    List<Package> packages =
        cataloger.catalog(file(status())).stream()
            .map(p -> cataloger.complete(p, DEBIAN_12))
            .toList();

    Package libssl =
        packages.stream().filter(p -> p.name().equals("libssl3")).findFirst().orElseThrow();
    assertThat(libssl.ecosystem()).isEqualTo("Debian");
    assertThat(libssl.sourceName()).isEqualTo("openssl");
    assertThat(libssl.path()).isEqualTo("/var/lib/dpkg/status");
    assertThat(libssl.layer()).isEqualTo(LAYER);
    assertThat(libssl.purl())
        .isEqualTo(
            "pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl");
    Package zlib =
        packages.stream().filter(p -> p.name().equals("zlib1g")).findFirst().orElseThrow();
    assertThat(zlib.purl())
        .isEqualTo(
            "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib");
    Package bash = packages.stream().filter(p -> p.name().equals("bash")).findFirst().orElseThrow();
    assertThat(bash.purl()).endsWith("upstream=bash%405.2.15-2");
    Package tzdata =
        packages.stream().filter(p -> p.name().equals("tzdata")).findFirst().orElseThrow();
    assertThat(tzdata.purl())
        .isEqualTo("pkg:deb/debian/tzdata@2025b-0%2Bdeb12u2?arch=all&distro=debian-12");
  }

  @Test
  void ubuntuKeepsItsOwnNamespaceAndEcosystem() {
    DpkgCataloger cataloger = new DpkgCataloger();
    Package p =
        new Package(
            "Debian",
            "libc6",
            "2.35-0ubuntu3",
            null,
            "glibc",
            "",
            "amd64",
            "/var/lib/dpkg/status",
            LAYER);
    Package done =
        cataloger.complete(p, new OsRelease("ubuntu", "22.04", "jammy", "Ubuntu 22.04", "debian"));
    assertThat(done.ecosystem()).isEqualTo("Ubuntu");
    assertThat(done.purl())
        .isEqualTo(
            "pkg:deb/ubuntu/libc6@2.35-0ubuntu3?arch=amd64&distro=ubuntu-22.04&upstream=glibc");
  }

  @Test
  void requestsStatusAndStatusD() {
    var request = new DpkgCataloger().request();
    assertThat(request.wants("/var/lib/dpkg/status")).isTrue();
    assertThat(request.wants("/var/lib/dpkg/status.d/libc6")).isTrue();
    assertThat(request.wants("/var/lib/dpkg/status.d/libc6.md5sums")).isFalse();
    assertThat(request.wants("/var/lib/dpkg/status-old")).isFalse();
  }

  private static ImageFile file(InputStream in) {
    return new ImageFile("/var/lib/dpkg/status", -1, in, LAYER, new Notes());
  }
}
