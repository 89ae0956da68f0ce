package dev.tallyman.analyzer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.oci.Platform;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.proto.v1.Vulnerability;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "m", 10, "RUN x");
  private static final String DIGEST = "sha256:" + "1".repeat(64);
  private static final ImageLocation LOC =
      ImageLocation.newBuilder().setRegistry("r").setRepository("app").setTag("1").build();

  private static Sbom sbom(int packageCount) {
    List<Package> packages = new ArrayList<>();
    for (int i = 0; i < packageCount; i++) {
      packages.add(
          new Package(
              "Debian",
              "pkg" + i,
              "1." + i,
              "pkg:deb/debian/pkg" + i + "@1." + i,
              "",
              "",
              "amd64",
              "/var/lib/dpkg/status",
              LAYER));
    }
    return new Sbom(
        "registry:r/app:1",
        DIGEST,
        "",
        "sha256:" + "2".repeat(64),
        new Platform("linux", "amd64", ""),
        new OsRelease("debian", "12", "bookworm", "Debian 12", ""),
        List.of(LAYER),
        packages,
        List.of("a note"));
  }

  private static VulnerabilityMatch match(String packageId, String cve) {
    return VulnerabilityMatch.newBuilder()
        .setPackageId(packageId)
        .setFixedVersion("9.9")
        .setVulnerability(
            Vulnerability.newBuilder()
                .setId(cve)
                .addAliases("GHSA-x")
                .setSeverity(Severity.SEVERITY_HIGH)
                .setCvssScore(7.5)
                .setSource("osv")
                .setKev(true)
                .setEpssScore(0.5)
                .setEpssPercentile(0.97)
                .addCwes("CWE-502"))
        .build();
  }

  @Test
  void sbomSplitsIntoPartsOfAtMostAThousandPackages() {
    Sbom sbom = sbom(2500);
    var parts = Messages.sbomParts(sbom, Messages.packages(sbom), LOC, "0.1.0", Instant.EPOCH);

    assertThat(parts).hasSize(3);
    assertThat(parts).extracting(p -> p.getPackagesCount()).containsExactly(1000, 1000, 500);
    assertThat(parts).extracting(p -> p.getPart()).containsExactly(0, 1, 2);
    assertThat(parts)
        .allSatisfy(
            p -> {
              assertThat(p.getPartCount()).isEqualTo(3);
              assertThat(p.getPackageCount()).isEqualTo(2500);
              assertThat(p.getSbomId()).isEqualTo(Messages.sbomId(DIGEST, "0.1.0"));
              assertThat(p.getOs().getVersionId()).isEqualTo("12");
              assertThat(p.getLayers(0).getDiffId()).isEqualTo(LAYER.diffId());
            });
    assertThat(parts.get(2).getPackages(499).getLayerCreatedBy()).isEqualTo("RUN x");
  }

  @Test
  void findingsJoinMatchesToPackagesAndIdsAreDeterministic() {
    Sbom sbom = sbom(3);
    var packages = Messages.packages(sbom);
    String id1 = packages.get(1).getId();
    List<VulnerabilityMatch> matches =
        List.of(match(id1, "CVE-2024-1"), match("unknown-package", "CVE-2024-2"));

    List<FindingsReport> reports =
        Messages.reportParts(sbom, packages, matches, LOC, "0.1.0", Instant.EPOCH);

    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getFindingCount()).isEqualTo(1);
              assertThat(r.getFindings(0).getVulnerabilityId()).isEqualTo("CVE-2024-1");
              assertThat(r.getFindings(0).getPackage().getPurl())
                  .isEqualTo("pkg:deb/debian/pkg1@1.1");
              assertThat(r.getFindings(0).getFixedVersion()).isEqualTo("9.9");
              assertThat(r.getFindings(0).getAliasesList()).containsExactly("GHSA-x");
              // the merged view's enrichment travels into the finding
              assertThat(r.getFindings(0).getKev()).isTrue();
              assertThat(r.getFindings(0).getEpssScore()).isEqualTo(0.5);
              assertThat(r.getFindings(0).getEpssPercentile()).isEqualTo(0.97);
              assertThat(r.getFindings(0).getCwesList()).containsExactly("CWE-502");
            });
    String again =
        Messages.reportParts(
                sbom,
                packages,
                List.of(matches.get(1), matches.get(0)),
                LOC,
                "0.1.0",
                Instant.now())
            .get(0)
            .getReportId();
    assertThat(again).isEqualTo(reports.get(0).getReportId());
    String other =
        Messages.reportParts(
                sbom, packages, List.of(match(id1, "CVE-2024-3")), LOC, "0.1.0", Instant.EPOCH)
            .get(0)
            .getReportId();
    assertThat(other).isNotEqualTo(reports.get(0).getReportId()).startsWith(DIGEST);
  }

  @Test
  void noFindingsIsStillOneReport() {
    Sbom sbom = sbom(0);
    var reports =
        Messages.reportParts(sbom, Messages.packages(sbom), List.of(), LOC, "0.1.0", Instant.EPOCH);
    assertThat(reports)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getPartCount()).isEqualTo(1);
              assertThat(r.getFindingCount()).isZero();
            });
  }
}
