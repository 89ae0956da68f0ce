package dev.tallyman.report.search;

import java.util.List;

/**
 * The findings of one image for an export.
 *
 * @param total all indexed findings of the digest; more than {@code findings.size()} when capped
 */
public record ImageFindings(String digest, long total, List<FindingView> findings) {
  public boolean truncated() {
    return total > findings.size();
  }
}
