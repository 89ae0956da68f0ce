package dev.tallyman.advisory.feed.ubuntu;

import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.osv.OsvArchiveFeed;

/**
 * Ubuntu's OSV records (canonical/ubuntu-security-notices, {@code osv/cve/YYYY/UBUNTU-CVE-*.json}
 * per CVE with Ubuntu priority, and {@code osv/usn/USN-*.json} per notice). Ecosystems are {@code
 * Ubuntu:22.04:LTS}; packages are source packages with their binaries listed.
 */
public final class UbuntuFeed {
  private UbuntuFeed() {}

  public static OsvArchiveFeed create(Fetcher fetcher, String path) {
    return new OsvArchiveFeed(
        "ubuntu",
        fetcher,
        path,
        p -> {
          String file = p.substring(p.lastIndexOf('/') + 1);
          return file.endsWith(".json")
              && (file.startsWith("UBUNTU-CVE-") || file.startsWith("USN-"));
        });
  }
}
