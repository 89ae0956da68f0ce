package dev.tallyman.advisory.service.grpc;

import com.google.protobuf.Timestamp;
import dev.tallyman.advisory.feed.merge.MergedVulnerability;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.service.feed.FeedState;
import dev.tallyman.proto.v1.AdvisoryRecord;
import dev.tallyman.proto.v1.AffectedPackage;
import dev.tallyman.proto.v1.FeedInfo;
import dev.tallyman.proto.v1.GetVulnerabilityResponse;
import dev.tallyman.proto.v1.OperatingSystem;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.proto.v1.Vulnerability;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Between tallyman.v1 messages and advisory-core types. */
final class ProtoMapping {
  private ProtoMapping() {}

  static Distro distro(OperatingSystem os) {
    return new Distro(os.getId(), os.getVersionId());
  }

  static InstalledPackage pkg(Package p) {
    return new InstalledPackage(
        p.getId(),
        p.getEcosystem(),
        p.getName(),
        p.getVersion(),
        p.getSourceName(),
        p.getSourceVersion(),
        p.getPurl(),
        p.getModularityLabel());
  }

  static VulnerabilityMatch match(Match m) {
    return VulnerabilityMatch.newBuilder()
        .setPackageId(m.pkg().id())
        .setVulnerability(vulnerability(m.vulnerability()))
        .setFixedVersion(m.fixedVersion())
        .setMatchedRange(m.matchedRange())
        .setEcosystem(m.ecosystem())
        .setMatchedName(m.matchedName())
        .addAllExplain(m.explain())
        .build();
  }

  static Vulnerability vulnerability(dev.tallyman.advisory.match.Vulnerability v) {
    Vulnerability.Builder vb =
        Vulnerability.newBuilder()
            .setId(v.id())
            .addAllAliases(v.aliases())
            .setSummary(v.summary())
            .setSeverity(severity(v.severity()))
            .setCvssScore(v.cvssScore())
            .setCvssVector(v.cvssVector())
            .setCvssVersion(v.cvssVersion())
            .addAllReferences(v.references())
            .setSource(v.source())
            .setKev(v.kev())
            .setEpssScore(v.epssScore())
            .setEpssPercentile(v.epssPercentile())
            .addAllCwes(v.cwes())
            .addAllSources(v.sources());
    if (v.published() != null) {
      vb.setPublished(timestamp(v.published()));
    }
    if (v.modified() != null) {
      vb.setModified(timestamp(v.modified()));
    }
    if (v.kevDateAdded() != null) {
      vb.setKevDateAdded(timestamp(v.kevDateAdded().atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
    return vb.build();
  }

  /** The merged record, every affected entry of its group and the records it was merged from. */
  static GetVulnerabilityResponse vulnerability(
      MergedVulnerability mv, List<AdvisoryIndex.Entry> entries) {
    GetVulnerabilityResponse.Builder b = GetVulnerabilityResponse.newBuilder();
    OsvRecord first = mv.records().isEmpty() ? null : mv.records().get(0).record();
    String source = mv.records().isEmpty() ? "" : mv.records().get(0).feed();
    b.setVulnerability(
        vulnerability(dev.tallyman.advisory.match.Vulnerability.merged(mv, first, "", source)));
    for (AdvisoryIndex.Entry e : entries) {
      OsvAffected a = e.affected();
      AffectedPackage.Builder ab =
          AffectedPackage.newBuilder()
              .setEcosystem(a.pkg().ecosystem())
              .setName(a.pkg().name())
              .addAllVersions(a.versions())
              .setRecordId(e.record().id())
              .setSource(e.source())
              .setSeverity(severity(e.vulnerability().severity()))
              .setStatus(e.compiled() == null ? "" : e.compiled().status());
      a.ranges().forEach(r -> ab.addRanges(r.describe()));
      b.addAffected(ab);
    }
    for (MergedVulnerability.Sourced s : mv.records()) {
      AdvisoryRecord.Builder rb =
          AdvisoryRecord.newBuilder().setId(s.record().id()).setSource(s.feed());
      s.record().modifiedAt().ifPresent(m -> rb.setModified(timestamp(m)));
      b.addRecords(rb);
    }
    return b.build();
  }

  static FeedInfo feed(FeedState f) {
    FeedInfo.Builder b =
        FeedInfo.newBuilder()
            .setName(f.name())
            .setLocation(f.location())
            .setRecordCount(f.recordCount())
            .setRejectedCount(f.rejectedCount())
            .setError(f.error() == null ? "" : f.error())
            .setEnrichmentCount(f.enrichmentCount())
            .setStale(f.stale());
    if (f.lastSuccess() != null) {
      b.setLastSuccess(timestamp(f.lastSuccess()));
    }
    if (f.lastAttempt() != null) {
      b.setLastAttempt(timestamp(f.lastAttempt()));
    }
    return b.build();
  }

  static Severity severity(dev.tallyman.advisory.severity.Severity s) {
    return switch (s) {
      case UNKNOWN -> Severity.SEVERITY_UNKNOWN;
      case NEGLIGIBLE -> Severity.SEVERITY_NEGLIGIBLE;
      case LOW -> Severity.SEVERITY_LOW;
      case MEDIUM -> Severity.SEVERITY_MEDIUM;
      case HIGH -> Severity.SEVERITY_HIGH;
      case CRITICAL -> Severity.SEVERITY_CRITICAL;
    };
  }

  static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
