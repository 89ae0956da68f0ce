package dev.tallyman.report;

import com.google.protobuf.Timestamp;
import dev.tallyman.proto.v1.Finding;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.OperatingSystem;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Platform;
import dev.tallyman.proto.v1.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Builds FindingsReport fixtures for tests. */
public final class Reports {
  private Reports() {}

  // Debian 12 packages several test classes report findings on
  public static final Package OPENSSL = pkg("openssl", "3.0.11-1~deb12u1");
  public static final Package ZLIB = pkg("zlib1g", "1:1.2.13.dfsg-1");
  public static final Package BASH = pkg("bash", "5.2.15-2+b2");
  public static final Package CURL = pkg("curl", "7.88.1-10");
  public static final Package LIBC = pkg("libc6", "2.36-9+deb12u4");

  /** A valid sha256 digest derived from {@code seed}. */
  public static String digest(String seed) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Package pkg(String name, String version) {
    return Package.newBuilder()
        .setId("pkg-" + name)
        .setEcosystem("Debian")
        .setName(name)
        .setVersion(version)
        .setPurl("pkg:deb/debian/" + name + "@" + version + "?arch=amd64&distro=debian-12")
        .setArchitecture("amd64")
        .setPath("var/lib/dpkg/status")
        .setLayerDiffId(digest("layer-" + name))
        .setLayerDigest(digest("blob-" + name))
        .setLayerCreatedBy("/bin/sh -c apt-get install -y " + name)
        .build();
  }

  public static Finding finding(
      String vuln, Severity severity, double score, String fixed, Package p, String... aliases) {
    return Finding.newBuilder()
        .setVulnerabilityId(vuln)
        .addAllAliases(java.util.List.of(aliases))
        .setSummary("summary of " + vuln)
        .setSeverity(severity)
        .setCvssScore(score)
        .setCvssVersion(score > 0 ? "3.1" : "")
        .setCvssVector(score > 0 ? "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" : "")
        .setFixedVersion(fixed)
        .setPackage(p)
        .setAdvisorySource("osv-debian")
        .setMatchedRange("< " + (fixed.isEmpty() ? "*" : fixed))
        .build();
  }

  public static FindingsReport.Builder report(
      String digest, String registry, String repository, String tag) {
    return FindingsReport.newBuilder()
        .setReportId("report-" + digest.substring(7, 19))
        .setImageDigest(digest)
        .setPlatform(Platform.newBuilder().setOs("linux").setArchitecture("amd64"))
        .setLocation(
            ImageLocation.newBuilder().setRegistry(registry).setRepository(repository).setTag(tag))
        .setOs(
            OperatingSystem.newBuilder()
                .setId("debian")
                .setVersionId("12")
                .setVersionCodename("bookworm")
                .setPrettyName("Debian GNU/Linux 12 (bookworm)"))
        .setGeneratedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L))
        .setPart(0)
        .setPartCount(1)
        .setSbomId("sbom-" + digest.substring(7, 19));
  }

  /** The SBOM (one part) of a report's image: the packages of its findings plus {@code more}. */
  public static dev.tallyman.proto.v1.Sbom.Builder sbom(FindingsReport r, Package... more) {
    java.util.LinkedHashMap<String, Package> byId = new java.util.LinkedHashMap<>();
    r.getFindingsList().forEach(f -> byId.putIfAbsent(f.getPackage().getId(), f.getPackage()));
    for (Package p : more) {
      byId.putIfAbsent(p.getId(), p);
    }
    return dev.tallyman.proto.v1.Sbom.newBuilder()
        .setSbomId(r.getImageDigest() + "/analyzer-test")
        .setImageDigest(r.getImageDigest())
        .setPlatform(r.getPlatform())
        .setLocation(r.getLocation())
        .addAllLocations(r.getLocationsList())
        .setOs(r.getOs())
        .addLayers(
            dev.tallyman.proto.v1.Layer.newBuilder()
                .setDigest(digest("blob-base"))
                .setDiffId(digest("layer-base"))
                .setMediaType("application/vnd.oci.image.layer.v1.tar+gzip")
                .setSize(1234)
                .setCreatedBy("ADD rootfs.tar.xz /"))
        .addAllPackages(byId.values())
        .setAnalyzedAt(r.getGeneratedAt())
        .setAnalyzerVersion("test")
        .setPart(0)
        .setPartCount(1)
        .setPackageCount(byId.size())
        .setConfigDigest(digest("config-" + r.getImageDigest()));
  }
}
