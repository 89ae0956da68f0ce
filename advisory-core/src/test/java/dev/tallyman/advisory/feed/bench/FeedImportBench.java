package dev.tallyman.advisory.feed.bench;

import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.feed.alpine.AlpineSecdbFeed;
import dev.tallyman.advisory.feed.debian.DebianTrackerFeed;
import dev.tallyman.advisory.feed.epss.EpssFeed;
import dev.tallyman.advisory.feed.ghsa.GhsaFeed;
import dev.tallyman.advisory.feed.kev.KevFeed;
import dev.tallyman.advisory.feed.merge.MergedVulnerability;
import dev.tallyman.advisory.feed.merge.VulnerabilityCatalog;
import dev.tallyman.advisory.feed.nvd.NvdFeed;
import dev.tallyman.advisory.feed.nvd.TokenBucket;
import dev.tallyman.advisory.feed.osv.OsvArchiveFeed;
import dev.tallyman.advisory.feed.osv.OsvEcosystemFeed;
import dev.tallyman.advisory.feed.redhat.CsafVex;
import dev.tallyman.advisory.feed.ubuntu.UbuntuFeed;
import dev.tallyman.advisory.feed.wolfi.WolfiSecdbFeed;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.AffectedRanges;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.version.VersionScheme;
import dev.tallyman.advisory.version.VersionSchemes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipFile;

/**
 * Not a test: imports every feed of the shared sample corpus from a local mirror and prints the
 * time and counts per feed, the alias merge, the index build, an incremental OSV sync and range
 * checks per second. Run with {@code deploy/scripts/bench-feed-import.sh}.
 */
public final class FeedImportBench {

  private record Row(String feed, long ms, int records, int enrichments, long rejected) {}

  public static void main(String[] args) throws Exception {
    Path data =
        Path.of(args.length > 0 ? args[0] : "../shared/data/advisories")
            .toAbsolutePath()
            .normalize();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    MirrorFetcher root = new MirrorFetcher(data);
    String v = "vunnel-fixtures/tests/unit/providers/";
    TokenBucket free = new TokenBucket(1000, Duration.ofSeconds(1), System::nanoTime, n -> {});
    List<Feed> feeds =
        List.of(
            new OsvArchiveFeed("osv-Go", root, "osv-bulk/Go/all.zip", p -> true),
            new OsvArchiveFeed("osv-crates.io", root, "osv-bulk/crates.io/all.zip", p -> true),
            new OsvArchiveFeed(
                "osv-PyPI(yaml)", root, "osv-bulk/PyPI-pypa-yaml/vulns.zip", p -> true),
            GhsaFeed.create(root, "osv/ghsa", false),
            UbuntuFeed.create(new MirrorFetcher(data.resolve(v + "ubuntu/test-fixtures")), "osv"),
            new DebianTrackerFeed(root, v + "debian/test-fixtures/input/debian.json"),
            new AlpineSecdbFeed(
                new MirrorFetcher(data.resolve("alpine/alpine-secdb-yaml")),
                List.of("v3.5", "v3.6", "v3.7", "v3.8", "v3.9", "v3.10", "v3.11"),
                List.of("main", "community"),
                "yaml"),
            new WolfiSecdbFeed("Wolfi", root, v + "wolfi/test-fixtures/input/secdb/security.json"),
            new WolfiSecdbFeed(
                "Chainguard", root, v + "chainguard/test-fixtures/input/secdb/security.json"),
            new dev.tallyman.advisory.feed.wolfi.WolfiAdvisoriesFeed(
                "Wolfi", root, "wolfi/wolfi-advisories-all.zip"),
            new OsvArchiveFeed(
                "chainguard-osv",
                root,
                v + "chainguard/test-fixtures/input/osv",
                p -> p.contains("CGA-")),
            new NvdFeed(root, "nvd/fkie-nvd-json-data-feeds", 2000, free, Clock.systemUTC()),
            new NvdFeed(
                root,
                "osvdev-testdata/vulnfeeds/test_data/nvdcve-2.0",
                2000,
                free,
                Clock.systemUTC()),
            new NvdFeed(
                new MirrorFetcher(data.resolve(v + "nvd/test-fixtures")),
                "",
                2000,
                free,
                Clock.systemUTC()),
            new KevFeed(root, "kev/known_exploited_vulnerabilities.json"),
            new EpssFeed(root, "claircore-testdata/enricher/epss/testdata/data.csv"));

    System.out.printf("corpus: %s (%d rounds, best round shown)%n", data, rounds);
    List<Row> best = null;
    long bestTotal = Long.MAX_VALUE;
    List<MergedVulnerability.Sourced> records = new ArrayList<>();
    List<Enrichment> enrichments = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      List<Row> rows = new ArrayList<>();
      records.clear();
      enrichments.clear();
      long total = 0;
      for (Feed f : feeds) {
        long t0 = System.nanoTime();
        FeedUpdate u = f.update(null);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        total += ms;
        u.records().forEach(r -> records.add(new MergedVulnerability.Sourced(f.name(), r)));
        enrichments.addAll(u.enrichments());
        rows.add(
            new Row(f.name(), ms, u.records().size(), u.enrichments().size(), u.errors().count()));
      }
      long t0 = System.nanoTime();
      List<OsvRecord> vex =
          CsafVex.parse(
              Files.readAllBytes(
                  data.resolve("claircore-testdata/rhel/vex/testdata/cve-2023-38545.json")));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      total += ms;
      vex.forEach(r -> records.add(new MergedVulnerability.Sourced("redhat", r)));
      rows.add(
          new Row(
              "redhat (1 VEX doc, " + vex.get(0).affected().size() + " entries)",
              ms,
              vex.size(),
              0,
              0));
      if (total < bestTotal) {
        bestTotal = total;
        best = rows;
      }
    }
    System.out.printf(
        "%-40s %8s %9s %11s %9s%n", "feed", "ms", "records", "enrichments", "rejected");
    int recs = 0;
    for (Row r : best) {
      recs += r.records();
      System.out.printf(
          "%-40s %8d %9d %11d %9d%n", r.feed(), r.ms(), r.records(), r.enrichments(), r.rejected());
    }
    System.out.printf(
        "%-40s %8d %9d %11d%n", "FULL IMPORT (all feeds)", bestTotal, recs, enrichments.size());

    long t0 = System.nanoTime();
    VulnerabilityCatalog catalog = VulnerabilityCatalog.build(records, enrichments);
    System.out.printf(
        "alias merge: %d records -> %d vulnerabilities in %d ms%n",
        records.size(), catalog.size(), (System.nanoTime() - t0) / 1_000_000);
    t0 = System.nanoTime();
    AdvisoryIndex.Builder b = AdvisoryIndex.builder();
    records.forEach(s -> b.add(s.record(), s.feed()));
    AdvisoryIndex index = b.build();
    System.out.printf(
        "match index: %d advisories (%d withdrawn left out) in %d ms%n",
        index.advisoryCount(), index.withdrawnCount(), (System.nanoTime() - t0) / 1_000_000);

    incremental(data);
    rangeChecks(records);
  }

  /** An incremental OSV sync of 50 changed records against a mirror holding the Go archive. */
  private static void incremental(Path data) throws Exception {
    Path mirror = Files.createTempDirectory("tallyman-bench-osv");
    try {
      Path go = Files.createDirectories(mirror.resolve("Go"));
      Files.copy(data.resolve("osv-bulk/Go/all.zip"), go.resolve("all.zip"));
      StringBuilder csv = new StringBuilder();
      try (ZipFile z = new ZipFile(go.resolve("all.zip").toFile())) {
        var it = z.entries();
        int n = 0;
        while (it.hasMoreElements() && n < 50) {
          var e = it.nextElement();
          String id = e.getName().replace(".json", "");
          Files.write(go.resolve(e.getName()), z.getInputStream(e).readAllBytes());
          csv.append("2030-01-01T00:00:")
              .append(String.format(Locale.ROOT, "%02d", n % 60))
              .append("Z,")
              .append(id)
              .append('\n');
          n++;
        }
      }
      Files.writeString(go.resolve("modified_id.csv"), csv, StandardCharsets.UTF_8);
      OsvEcosystemFeed feed = new OsvEcosystemFeed("Go", new MirrorFetcher(mirror));
      long t0 = System.nanoTime();
      FeedUpdate full = feed.update(null);
      long fullMs = (System.nanoTime() - t0) / 1_000_000;
      t0 = System.nanoTime();
      FeedUpdate inc = feed.update("2029-12-31T00:00:00Z");
      long incMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "OSV Go: full %d records in %d ms; incremental %s of %d changed records in %d ms%n",
          full.records().size(), fullMs, inc.kind(), inc.records().size(), incMs);
    } finally {
      try (var s = Files.walk(mirror)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Every ECOSYSTEM/SEMVER affected entry of the corpus evaluated against one version, repeatedly.
   */
  private static void rangeChecks(List<MergedVulnerability.Sourced> records) {
    record Job(OsvAffected a, VersionScheme s, String version) {}
    List<Job> jobs = new ArrayList<>();
    for (var s : records) {
      for (OsvAffected a : s.record().affected()) {
        if (a.pkg() == null || a.ranges().isEmpty()) {
          continue;
        }
        String family = VersionSchemes.family(a.pkg().ecosystem());
        VersionSchemes.forEcosystem(a.pkg().ecosystem())
            .ifPresent(
                scheme -> {
                  String v =
                      switch (family) {
                        case "Go" -> "v1.2.3";
                        case "Debian", "Ubuntu" -> "1.2.3-1";
                        case "Alpine", "Wolfi", "Chainguard" -> "1.2.3-r0";
                        default -> "1.2.3";
                      };
                  jobs.add(new Job(a, scheme, v));
                });
      }
    }
    long checks = 0;
    long hits = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    long t0 = System.nanoTime();
    while (System.nanoTime() < deadline) {
      for (Job j : jobs) {
        try {
          if (AffectedRanges.evaluate(j.a(), j.version(), j.s()).isPresent()) {
            hits++;
          }
        } catch (RuntimeException e) {
          // a version the scheme rejects counts as a check too
        }
        checks++;
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "range checks: %d affected entries, %.0f checks/s on one thread (%d hits) at %s%n",
        jobs.size(), checks / secs, hits, Instant.now());
    // per ecosystem family, to show where the time goes
    java.util.Map<String, List<Job>> byFamily = new java.util.TreeMap<>();
    jobs.forEach(
        j ->
            byFamily
                .computeIfAbsent(
                    VersionSchemes.family(j.a().pkg().ecosystem()), k -> new ArrayList<>())
                .add(j));
    byFamily.forEach(
        (family, list) -> {
          long n = 0;
          long start = System.nanoTime();
          long end = start + Duration.ofSeconds(1).toNanos();
          while (System.nanoTime() < end) {
            for (Job j : list) {
              try {
                AffectedRanges.evaluate(j.a(), j.version(), j.s());
              } catch (RuntimeException e) {
                // counted like any check
              }
              n++;
            }
          }
          System.out.printf(
              "  %-12s %6d entries %12.0f checks/s%n",
              family, list.size(), n / ((System.nanoTime() - start) / 1e9));
        });
  }
}
