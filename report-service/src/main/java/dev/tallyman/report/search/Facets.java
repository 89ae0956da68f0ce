package dev.tallyman.report.search;

import java.util.List;
import java.util.Map;

/**
 * Counts of the findings matching the filters, per requested dimension.
 *
 * @param total all matching findings
 * @param facets dimension key to its top buckets, in request order
 */
public record Facets(long total, Map<String, Facet> facets) {
  /**
   * @param other findings whose value is not among the buckets shown
   */
  public record Facet(List<Bucket> buckets, long other) {}

  public record Bucket(String value, long count) {}
}
