package dev.tallyman.advisory.feed.ghsa;

import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.osv.OsvArchiveFeed;

/**
 * GitHub Advisory Database (github/advisory-database), which publishes OSV JSON: reviewed
 * advisories under {@code advisories/github-reviewed/YYYY/MM/GHSA-.../GHSA-....json}. Read from a
 * zip of the repository or a checkout in a mirror. Unreviewed advisories are left out unless asked
 * for (they carry no reviewed ranges and are the noisy part of the database).
 */
public final class GhsaFeed {
  private GhsaFeed() {}

  public static OsvArchiveFeed create(Fetcher fetcher, String path, boolean includeUnreviewed) {
    return new OsvArchiveFeed(
        "ghsa",
        fetcher,
        path,
        p -> {
          String file = p.substring(p.lastIndexOf('/') + 1);
          if (!file.startsWith("GHSA-") || !file.endsWith(".json")) {
            return false;
          }
          return includeUnreviewed || !p.contains("github-unreviewed/");
        });
  }
}
