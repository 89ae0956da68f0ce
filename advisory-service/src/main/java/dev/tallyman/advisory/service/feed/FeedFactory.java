package dev.tallyman.advisory.service.feed;

import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.alpine.AlpineSecdbFeed;
import dev.tallyman.advisory.feed.debian.DebianTrackerFeed;
import dev.tallyman.advisory.feed.epss.EpssFeed;
import dev.tallyman.advisory.feed.ghsa.GhsaFeed;
import dev.tallyman.advisory.feed.kev.KevFeed;
import dev.tallyman.advisory.feed.nvd.NvdFeed;
import dev.tallyman.advisory.feed.nvd.TokenBucket;
import dev.tallyman.advisory.feed.osv.OsvEcosystemFeed;
import dev.tallyman.advisory.feed.redhat.RedHatCsafFeed;
import dev.tallyman.advisory.feed.ubuntu.UbuntuFeed;
import dev.tallyman.advisory.feed.wolfi.WolfiAdvisoriesFeed;
import dev.tallyman.advisory.feed.wolfi.WolfiSecdbFeed;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/** Builds a {@link Feed} from its configuration; unknown or incomplete settings fail start-up. */
final class FeedFactory {
  private FeedFactory() {}

  static Feed create(FeedConfig c) {
    if (c.getType() == null || c.getLocation() == null || c.getLocation().isBlank()) {
      throw new IllegalArgumentException(
          "tallyman.feeds." + c.getName() + " needs a type and a location");
    }
    boolean key = c.getApiKey() != null && !c.getApiKey().isBlank();
    Fetcher fetcher = Fetcher.of(c.getLocation(), key ? Map.of("apiKey", c.getApiKey()) : Map.of());
    String path = c.getPath();
    return switch (c.getType().toLowerCase(Locale.ROOT)) {
      case "osv" -> new OsvEcosystemFeed(require(c, c.getEcosystem(), "ecosystem"), fetcher);
      case "ghsa" -> GhsaFeed.create(fetcher, or(path, "main.zip"), false);
      case "ubuntu" -> UbuntuFeed.create(fetcher, or(path, "main.zip"));
      case "debian" -> new DebianTrackerFeed(fetcher, or(path, "tracker/data/json"));
      case "alpine" ->
          new AlpineSecdbFeed(
              fetcher, require(c, c.getBranches(), "branches"), c.getRepos(), c.getExtension());
      case "wolfi" -> new WolfiSecdbFeed("Wolfi", fetcher, or(path, "security.json"));
      case "chainguard" -> new WolfiSecdbFeed("Chainguard", fetcher, or(path, "security.json"));
      case "wolfi-advisories" -> new WolfiAdvisoriesFeed("Wolfi", fetcher, or(path, "main.zip"));
      case "chainguard-advisories" ->
          new WolfiAdvisoriesFeed("Chainguard", fetcher, or(path, "main.zip"));
      case "redhat" -> new RedHatCsafFeed(fetcher, 50_000);
      case "nvd" ->
          new NvdFeed(
              fetcher,
              or(path, "rest/json/cves/2.0"),
              2000,
              TokenBucket.forNvd(key),
              Clock.systemUTC());
      case "kev" -> new KevFeed(fetcher, or(path, "known_exploited_vulnerabilities.json"));
      case "epss" -> new EpssFeed(fetcher, or(path, "epss_scores-current.csv.gz"));
      default ->
          throw new IllegalArgumentException(
              "tallyman.feeds." + c.getName() + ".type: unknown feed type " + c.getType());
    };
  }

  private static String or(String v, String d) {
    return v == null || v.isBlank() ? d : v;
  }

  private static <T> T require(FeedConfig c, T v, String what) {
    if (v == null || (v instanceof java.util.Collection<?> col && col.isEmpty())) {
      throw new IllegalArgumentException(
          "tallyman.feeds." + c.getName() + "." + what + " is required");
    }
    return v;
  }
}
