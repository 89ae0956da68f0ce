package dev.tallyman.advisory.service.grpc;

import com.google.protobuf.Timestamp;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.service.feed.FeedState;
import dev.tallyman.proto.v1.FeedInfo;
import dev.tallyman.proto.v1.OperatingSystem;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.proto.v1.Vulnerability;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import java.time.Instant;

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
        p.getPurl());
  }

  static VulnerabilityMatch match(Match m) {
    var v = m.vulnerability();
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
            .setSource(v.source());
    if (v.published() != null) {
      vb.setPublished(timestamp(v.published()));
    }
    if (v.modified() != null) {
      vb.setModified(timestamp(v.modified()));
    }
    return VulnerabilityMatch.newBuilder()
        .setPackageId(m.pkg().id())
        .setVulnerability(vb)
        .setFixedVersion(m.fixedVersion())
        .setMatchedRange(m.matchedRange())
        .setEcosystem(m.ecosystem())
        .setMatchedName(m.matchedName())
        .build();
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
