package dev.tallyman.analyzer.pipeline;

import com.google.protobuf.Timestamp;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.proto.v1.Finding;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the Kafka messages of one analyzed image: Sbom and FindingsReport, split into parts of a
 * bounded number of packages / findings, with deterministic ids so that a re-delivery produces the
 * same ids (the report-service can upsert).
 */
public final class Messages {
  public static final int PART_SIZE = 1000;

  private Messages() {}

  public static String sbomId(String imageDigest, String analyzerVersion) {
    return imageDigest + "/analyzer-" + analyzerVersion;
  }

  /** Depends on the match content, so a new advisory snapshot yields a new report id. */
  public static String reportId(String imageDigest, List<VulnerabilityMatch> matches) {
    List<String> keys = new ArrayList<>();
    for (VulnerabilityMatch m : matches) {
      keys.add(
          m.getPackageId()
              + "|"
              + m.getVulnerability().getId()
              + "|"
              + m.getVulnerability().getModified().getSeconds()
              + "|"
              + m.getFixedVersion()
              + "|"
              + m.getMatchedRange()
              // a KEV listing is news for the report; daily EPSS drift is not
              + (m.getVulnerability().getKev() ? "|kev" : ""));
    }
    keys.sort(Comparator.naturalOrder());
    String hash =
        Digests.hex(Digests.sha256(String.join("\n", keys).getBytes(StandardCharsets.UTF_8)));
    return imageDigest + "/findings-" + hash.substring(0, 16);
  }

  public static List<Package> packages(Sbom sbom) {
    return sbom.packages().stream().map(ProtoMapping::pkg).toList();
  }

  public static List<dev.tallyman.proto.v1.Sbom> sbomParts(
      Sbom sbom,
      List<Package> packages,
      ImageLocation location,
      String analyzerVersion,
      Instant now) {
    List<List<Package>> chunks = chunks(packages);
    List<dev.tallyman.proto.v1.Sbom> parts = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      parts.add(
          dev.tallyman.proto.v1.Sbom.newBuilder()
              .setSbomId(sbomId(sbom.imageDigest(), analyzerVersion))
              .setImageDigest(sbom.imageDigest())
              .setIndexDigest(sbom.indexDigest())
              .setPlatform(ProtoMapping.platform(sbom.platform()))
              .setLocation(location)
              .setOs(ProtoMapping.os(sbom.os()))
              .addAllLayers(sbom.layers().stream().map(ProtoMapping::layer).toList())
              .addAllPackages(chunks.get(i))
              .setAnalyzedAt(ts(now))
              .setAnalyzerVersion(analyzerVersion)
              .setPart(i)
              .setPartCount(chunks.size())
              .setPackageCount(packages.size())
              .setConfigDigest(sbom.configDigest())
              .addAllNotes(sbom.notes())
              .build());
    }
    return parts;
  }

  /** One finding per match, joined to its package; matches for unknown package ids are dropped. */
  public static List<FindingsReport> reportParts(
      Sbom sbom,
      List<Package> packages,
      List<VulnerabilityMatch> matches,
      ImageLocation location,
      String analyzerVersion,
      Instant now) {
    Map<String, Package> byId =
        packages.stream()
            .collect(Collectors.toMap(Package::getId, Function.identity(), (a, b) -> a));
    List<Finding> findings = new ArrayList<>();
    for (VulnerabilityMatch m : matches) {
      Package p = byId.get(m.getPackageId());
      if (p == null) {
        continue;
      }
      var v = m.getVulnerability();
      findings.add(
          Finding.newBuilder()
              .setVulnerabilityId(v.getId())
              .addAllAliases(v.getAliasesList())
              .setSummary(v.getSummary())
              .setSeverity(v.getSeverity())
              .setCvssScore(v.getCvssScore())
              .setCvssVector(v.getCvssVector())
              .setCvssVersion(v.getCvssVersion())
              .setFixedVersion(m.getFixedVersion())
              .setPackage(p)
              .setAdvisorySource(v.getSource())
              .setMatchedRange(m.getMatchedRange())
              .setKev(v.getKev())
              .setEpssScore(v.getEpssScore())
              .setEpssPercentile(v.getEpssPercentile())
              .addAllCwes(v.getCwesList())
              .build());
    }
    findings.sort(
        Comparator.comparing(Finding::getVulnerabilityId)
            .thenComparing(f -> f.getPackage().getId()));
    String reportId = reportId(sbom.imageDigest(), matches);
    List<List<Finding>> chunks = chunks(findings);
    List<FindingsReport> parts = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      parts.add(
          FindingsReport.newBuilder()
              .setReportId(reportId)
              .setImageDigest(sbom.imageDigest())
              .setIndexDigest(sbom.indexDigest())
              .setPlatform(ProtoMapping.platform(sbom.platform()))
              .setLocation(location)
              .setOs(ProtoMapping.os(sbom.os()))
              .addAllFindings(chunks.get(i))
              .setGeneratedAt(ts(now))
              .setPart(i)
              .setPartCount(chunks.size())
              .setPackageCount(packages.size())
              .setFindingCount(findings.size())
              .setSbomId(sbomId(sbom.imageDigest(), analyzerVersion))
              .build());
    }
    return parts;
  }

  /** Always at least one (possibly empty) part, so "no packages / no findings" is reported too. */
  static <T> List<List<T>> chunks(List<T> items) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += PART_SIZE) {
      out.add(items.subList(i, Math.min(items.size(), i + PART_SIZE)));
    }
    if (out.isEmpty()) {
      out.add(List.of());
    }
    return out;
  }

  private static Timestamp ts(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
