package dev.tallyman.cli.scan;

import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.severity.Severity;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.sbom.Sbom;
import java.util.Comparator;
import java.util.List;

/** What a local scan found: the SBOM and one finding per (package, advisory). */
record ScanResult(String target, Sbom sbom, List<Finding> findings, int advisoryCount) {
  ScanResult {
    findings =
        findings.stream()
            .sorted(
                Comparator.comparing((Finding f) -> f.severity().ordinal())
                    .reversed()
                    .thenComparing(f -> f.match().vulnerability().id())
                    .thenComparing(f -> f.pkg().name()))
            .toList();
  }

  /** One advisory affecting one package of the image. */
  record Finding(Package pkg, Match match) {
    Severity severity() {
      return match.vulnerability().severity();
    }
  }

  /** True when some finding is at least {@code threshold} severe. */
  boolean anyAtLeast(Severity threshold) {
    return findings.stream().anyMatch(f -> f.severity().compareTo(threshold) >= 0);
  }
}
