package dev.tallyman.analysis.sbom;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.EndOfLife;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.oci.Platform;
import java.time.LocalDate;
import java.util.List;

/** Small SBOMs that exercise the writers' edge cases. */
final class SbomFixtures {
  static final LayerInfo BASE =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "ADD rootfs /");
  static final LayerInfo APP =
      new LayerInfo("sha256:" + "c".repeat(64), "sha256:" + "d".repeat(64), "", 2, "COPY app /");
  static final OsRelease DEBIAN = new OsRelease("debian", "12", "bookworm", "Debian 12", "");

  private SbomFixtures() {}

  static Sbom empty() {
    return sbom(
        "docker-archive:empty.tar", "sha256:" + "1".repeat(64), OsRelease.UNKNOWN, List.of());
  }

  static Sbom debianAndMaven() {
    return sbom(
        "registry:127.0.0.1:5000/app:1",
        "sha256:" + "2".repeat(64),
        DEBIAN,
        List.of(
            new Package(
                "Debian",
                "openssl",
                "3.0.11-1~deb12u2",
                "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
                "openssl",
                "3.0.11-1~deb12u2",
                "amd64",
                "/var/lib/dpkg/status",
                BASE),
            new Package(
                "Maven",
                "org.apache.logging.log4j:log4j-core",
                "2.14.1",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "",
                "",
                "",
                "/app/lib/log4j-core-2.14.1.jar",
                APP),
            // the same package reported twice must not yield duplicate SPDXIDs
            new Package(
                "Maven",
                "org.apache.logging.log4j:log4j-core",
                "2.14.1",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "",
                "",
                "",
                "/app/lib/log4j-core-2.14.1.jar",
                APP)));
  }

  static Sbom oddCharacters() {
    return sbom(
        "oci-dir:/tmp/ünï cödé \"quoted\" <dir>",
        "sha256:" + "3".repeat(64),
        DEBIAN,
        List.of(
            new Package(
                "Debian",
                "libc6",
                "1:2.36-9+deb12u4",
                "pkg:deb/debian/libc6@1%3A2.36-9%2Bdeb12u4?arch=amd64&epoch=1",
                "glibc",
                "2.36-9+deb12u4",
                "amd64",
                "/var/lib/dpkg/status",
                BASE),
            new Package(
                "Debian",
                "weird name with spaces & \"quotes\" \u00e9\t<tab>",
                "0:1.0~rc1+git20240101.abc/def",
                "",
                "",
                "",
                "",
                "/var/lib/dpkg/status.d/we ird",
                BASE),
            new Package(
                "npm",
                "@scope/pkg",
                "",
                "pkg:npm/%40scope/pkg",
                "",
                "",
                "",
                "/app/node_modules/@scope/pkg/package.json",
                new LayerInfo("", "", "", 0, ""))));
  }

  static Sbom noDigest() {
    return sbom(
        "dir:/some/rootfs",
        "",
        OsRelease.UNKNOWN,
        List.of(
            new Package(
                "PyPI",
                "requests",
                "2.31.0",
                "pkg:pypi/requests@2.31.0",
                "",
                "",
                "",
                "/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA",
                BASE)));
  }

  /** A RHEL image with a module-stream package, judged end-of-life-wise on 2026-11-28. */
  static Sbom rhelModular() {
    OsRelease rhel =
        new OsRelease("rhel", "9.3", "Plow", "Red Hat Enterprise Linux 9.3 (Plow)", "fedora");
    Sbom s =
        sbom(
            "registry:127.0.0.1:5000/ubi9:9.3",
            "sha256:" + "4".repeat(64),
            rhel,
            List.of(
                new Package(
                    "Red Hat",
                    "nodejs",
                    "1:18.18.2-2.module+el9.3.0+20360+8b6f1c3b",
                    "pkg:rpm/rhel/nodejs@18.18.2-2.module%2Bel9.3.0%2B20360%2B8b6f1c3b"
                        + "?arch=x86_64&distro=rhel-9.3&epoch=1",
                    "nodejs",
                    "18.18.2-2.module+el9.3.0+20360+8b6f1c3b",
                    "x86_64",
                    "/var/lib/rpm/rpmdb.sqlite",
                    BASE,
                    "nodejs:18:9030020231120082734:rhel9")));
    return new Sbom(
        s.source(),
        s.imageDigest(),
        s.indexDigest(),
        s.configDigest(),
        s.platform(),
        s.os(),
        s.layers(),
        s.packages(),
        s.notes(),
        EndOfLife.defaults().status(rhel, LocalDate.of(2026, 11, 28)));
  }

  private static Sbom sbom(String source, String digest, OsRelease os, List<Package> packages) {
    return new Sbom(
        source,
        digest,
        "",
        digest.isEmpty() ? "" : "sha256:" + "9".repeat(64),
        new Platform("linux", "amd64", ""),
        os,
        List.of(BASE, APP),
        packages,
        List.of());
  }
}
