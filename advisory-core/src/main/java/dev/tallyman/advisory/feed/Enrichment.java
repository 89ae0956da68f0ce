package dev.tallyman.advisory.feed;

import java.time.LocalDate;

/** Data attached to a vulnerability by id rather than matched against packages. */
public sealed interface Enrichment {

  /** The CVE (or other) id this enriches. */
  String vulnerabilityId();

  /** CISA Known Exploited Vulnerabilities catalog entry. */
  record Kev(
      String vulnerabilityId,
      String vendorProject,
      String product,
      String name,
      LocalDate dateAdded,
      LocalDate dueDate,
      boolean knownRansomwareUse)
      implements Enrichment {}

  /** FIRST EPSS probability of exploitation in the next 30 days, and its percentile. */
  record Epss(String vulnerabilityId, double score, double percentile, LocalDate scoreDate)
      implements Enrichment {}
}
