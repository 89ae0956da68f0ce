package dev.tallyman.advisory.match.bench;

import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.feed.alpine.AlpineSecdbFeed;
import dev.tallyman.advisory.feed.debian.DebianTrackerFeed;
import dev.tallyman.advisory.feed.epss.EpssFeed;
import dev.tallyman.advisory.feed.ghsa.GhsaFeed;
import dev.tallyman.advisory.feed.kev.KevFeed;
import dev.tallyman.advisory.feed.osv.OsvArchiveFeed;
import dev.tallyman.advisory.feed.ubuntu.UbuntuFeed;
import dev.tallyman.advisory.feed.wolfi.WolfiAdvisoriesFeed;
import dev.tallyman.advisory.feed.wolfi.WolfiSecdbFeed;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.AffectedRanges;
import dev.tallyman.advisory.match.CompiledAffected;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvPackage;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.version.VersionScheme;
import dev.tallyman.advisory.version.VersionSchemes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Not a test: the matcher's numbers over a realistic corpus. Loads every OSV-shaped sample of the
 * shared advisory data through the real feeds, grows it to {@code N} records by re-parsing copies
 * under new ids and package names (every copy is its own parsed objects, so the heap is honest),
 * builds the index, then prints load time, heap after load, range checks per second per core
 * (pre-parsed fast path and, for comparison, the re-parsing slow path) and {@code Match} latency
 * for 1,000-package images. Run with {@code deploy/scripts/bench-match.sh}.
 */
public final class MatchBench {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final Set<String> MATCHED_FAMILIES =
      Set.of("Debian", "Ubuntu", "Go", "npm", "crates.io", "Maven");

  public static void main(String[] args) throws Exception {
    Path data =
        Path.of(args.length > 0 ? args[0] : "../shared/data/advisories")
            .toAbsolutePath()
            .normalize();
    int target = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;

    long wall0 = System.nanoTime();
    long cpu0 = CPU.getCurrentThreadCpuTime();
    List<Sourced> real = new ArrayList<>();
    List<Enrichment> enrichments = new ArrayList<>();
    for (Feed f : feeds(data)) {
      FeedUpdate u = f.update(null);
      u.records().forEach(r -> real.add(new Sourced(r, f.name())));
      enrichments.addAll(u.enrichments());
    }
    List<Sourced> corpus = synthesize(real, target);
    long parseMs = (System.nanoTime() - wall0) / 1_000_000;
    long parseCpuMs = (CPU.getCurrentThreadCpuTime() - cpu0) / 1_000_000;

    long t0 = System.nanoTime();
    long c0 = CPU.getCurrentThreadCpuTime();
    AdvisoryIndex.Builder b = AdvisoryIndex.builder();
    corpus.forEach(s -> b.add(s.record(), s.feed()));
    enrichments.forEach(b::addEnrichment);
    AdvisoryIndex index = b.build();
    long buildMs = (System.nanoTime() - t0) / 1_000_000;
    long buildCpuMs = (CPU.getCurrentThreadCpuTime() - c0) / 1_000_000;

    List<Job> jobs = jobs(corpus);
    List<Sourced> sample = new ArrayList<>(real);
    corpus.clear();
    real.clear();
    long heap = usedHeapAfterGc();

    System.out.printf(Locale.ROOT, "corpus: %s grown to %d records%n", data, index.advisoryCount());
    System.out.printf(
        Locale.ROOT,
        "index: %d advisories, %d affected entries, %d vulnerabilities after alias merge,"
            + " %d enrichments%n",
        index.advisoryCount(),
        index.entryCount(),
        index.vulnerabilityCount(),
        enrichments.size());
    System.out.printf(
        Locale.ROOT,
        "load: parse %d ms (cpu %d ms) + index build incl. merge and range pre-parse %d ms"
            + " (cpu %d ms)%n",
        parseMs,
        parseCpuMs,
        buildMs,
        buildCpuMs);
    System.out.printf(Locale.ROOT, "heap after load (after GC): %d MiB%n", heap >> 20);

    rangeChecks(jobs, seconds);
    matchLatency(index, sample, seconds);
    // keep the index reachable until here so the heap figure above is the loaded index
    System.out.printf(Locale.ROOT, "(index still holds %d advisories)%n", index.advisoryCount());
  }

  private record Sourced(OsvRecord record, String feed) {}

  private static List<Feed> feeds(Path data) {
    MirrorFetcher root = new MirrorFetcher(data);
    String v = "vunnel-fixtures/tests/unit/providers/";
    return List.of(
        new OsvArchiveFeed("osv-Go", root, "osv-bulk/Go/all.zip", p -> true),
        new OsvArchiveFeed("osv-crates.io", root, "osv-bulk/crates.io/all.zip", p -> true),
        new OsvArchiveFeed("osv-PyPI", root, "osv-bulk/PyPI-pypa-yaml/vulns.zip", p -> true),
        GhsaFeed.create(root, "osv/ghsa", false),
        UbuntuFeed.create(new MirrorFetcher(data.resolve(v + "ubuntu/test-fixtures")), "osv"),
        new DebianTrackerFeed(root, v + "debian/test-fixtures/input/debian.json"),
        new AlpineSecdbFeed(
            new MirrorFetcher(data.resolve("alpine/alpine-secdb-yaml")),
            List.of("v3.5", "v3.6", "v3.7", "v3.8", "v3.9", "v3.10", "v3.11"),
            List.of("main", "community"),
            "yaml"),
        new WolfiSecdbFeed("Wolfi", root, v + "wolfi/test-fixtures/input/secdb/security.json"),
        new WolfiAdvisoriesFeed("Wolfi", root, "wolfi/wolfi-advisories-all.zip"),
        new KevFeed(root, "kev/known_exploited_vulnerabilities.json"),
        new EpssFeed(root, "claircore-testdata/enricher/epss/testdata/data.csv"));
  }

  /**
   * The real records, then copies of them (re-parsed from JSON, so no object is shared) with ids,
   * aliases and package names suffixed "-sN": same shapes, ranges and version strings as the real
   * data, distinct vulnerabilities and packages.
   */
  private static List<Sourced> synthesize(List<Sourced> real, int target) throws Exception {
    List<Sourced> out = new ArrayList<>(Math.max(target, real.size()));
    out.addAll(real);
    List<Sourced> withPackages =
        real.stream().filter(s -> !s.record().affected().isEmpty()).toList();
    List<byte[]> json = new ArrayList<>();
    for (Sourced s : withPackages) {
      json.add(FeedJson.JSON.writeValueAsBytes(s.record()));
    }
    for (int copy = 1; out.size() < target; copy++) {
      String sfx = "-s" + copy;
      for (int i = 0; i < withPackages.size() && out.size() < target; i++) {
        OsvRecord r = FeedJson.JSON.readValue(json.get(i), OsvRecord.class);
        List<OsvAffected> affected = new ArrayList<>();
        for (OsvAffected a : r.affected()) {
          OsvPackage p = a.pkg();
          affected.add(
              new OsvAffected(
                  p == null ? null : new OsvPackage(p.ecosystem(), p.name() + sfx, p.purl()),
                  a.severity(),
                  a.ranges(),
                  a.versions(),
                  a.ecosystemSpecific(),
                  a.databaseSpecific()));
        }
        out.add(
            new Sourced(
                new OsvRecord(
                    r.schemaVersion(),
                    r.id() + sfx,
                    r.modified(),
                    r.published(),
                    // not from the JSON copy: Jackson writes isWithdrawn() as "withdrawn": false
                    withPackages.get(i).record().withdrawn(),
                    suffix(r.aliases(), sfx),
                    suffix(r.related(), sfx),
                    suffix(r.upstream(), sfx),
                    r.summary(),
                    r.details(),
                    r.severity(),
                    affected,
                    r.references(),
                    r.databaseSpecific()),
                withPackages.get(i).feed()));
      }
    }
    return out;
  }

  private static List<String> suffix(List<String> ids, String sfx) {
    return ids.stream().map(x -> x + sfx).toList();
  }

  private record Job(
      CompiledAffected compiled,
      OsvAffected affected,
      VersionScheme scheme,
      String version,
      Object key) {}

  /** One installed version per affected entry: a bound of its own ranges, as images have. */
  private static List<Job> jobs(List<Sourced> corpus) {
    Random rnd = new Random(42);
    List<Job> jobs = new ArrayList<>();
    for (Sourced s : corpus) {
      for (OsvAffected a : s.record().affected()) {
        if (a.pkg() == null || a.ranges().isEmpty()) {
          continue;
        }
        VersionScheme scheme = VersionSchemes.forEcosystem(a.pkg().ecosystem()).orElse(null);
        if (scheme == null) {
          continue;
        }
        List<String> bounds = new ArrayList<>();
        a.ranges().forEach(r -> r.events().forEach(e -> bounds.add(e.version())));
        bounds.removeIf(x -> x == null || x.equals("0") || x.equals("*") || !scheme.isValid(x));
        if (bounds.isEmpty()) {
          continue;
        }
        String v = bounds.get(rnd.nextInt(bounds.size()));
        jobs.add(new Job(CompiledAffected.compile(a, scheme), a, scheme, v, scheme.key(v)));
      }
    }
    return jobs;
  }

  private static void rangeChecks(List<Job> jobs, int seconds) {
    // warm up both paths
    runFast(jobs, 1);
    long[] fast = runFast(jobs, seconds);
    System.out.printf(
        Locale.ROOT,
        "range checks (pre-parsed, one thread): %,d entries, %,.0f checks/s wall, %,.0f checks"
            + " per cpu-second (%d hits)%n",
        jobs.size(),
        fast[0] / (fast[1] / 1e9),
        fast[0] / (fast[2] / 1e9),
        fast[3]);
    // per ecosystem family, to show where the time goes
    java.util.Map<String, List<Job>> byFamily = new java.util.TreeMap<>();
    jobs.forEach(
        j ->
            byFamily
                .computeIfAbsent(
                    VersionSchemes.family(j.affected().pkg().ecosystem()), k -> new ArrayList<>())
                .add(j));
    byFamily.forEach(
        (family, list) -> {
          long[] r = runFast(list, 1);
          System.out.printf(
              Locale.ROOT,
              "  %-12s %7d entries %,14.0f checks per cpu-second%n",
              family,
              list.size(),
              r[0] / (r[2] / 1e9));
        });
    long n = 0;
    long w0 = System.nanoTime();
    long c0 = CPU.getCurrentThreadCpuTime();
    long end = w0 + Duration.ofSeconds(Math.max(1, seconds / 2)).toNanos();
    outer:
    while (true) {
      for (Job j : jobs) {
        AffectedRanges.evaluate(j.affected(), j.version(), j.scheme());
        n++;
        if ((n & 1023) == 0 && System.nanoTime() > end) {
          break outer;
        }
      }
    }
    long w = System.nanoTime() - w0;
    long c = CPU.getCurrentThreadCpuTime() - c0;
    System.out.printf(
        Locale.ROOT,
        "range checks (slow path, re-parse per call, for comparison): %,.0f checks/s wall,"
            + " %,.0f per cpu-second%n",
        n / (w / 1e9),
        n / (c / 1e9));
  }

  /** checks, wall ns, cpu ns, hits. */
  private static long[] runFast(List<Job> jobs, int seconds) {
    long n = 0;
    long hits = 0;
    long w0 = System.nanoTime();
    long c0 = CPU.getCurrentThreadCpuTime();
    long end = w0 + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < end) {
      for (Job j : jobs) {
        if (j.compiled().evaluate(j.version(), j.key()) != null) {
          hits++;
        }
      }
      n += jobs.size();
    }
    return new long[] {n, System.nanoTime() - w0, CPU.getCurrentThreadCpuTime() - c0, hits};
  }

  /**
   * Images of 1,000 packages: 700 Debian and 300 language packages (Go, npm, crates.io, Maven); a
   * third of each carry a name the corpus has advisories for, with a version taken from those
   * ranges (so many match), the rest names no advisory mentions; matched on Debian 12; p50/p99 over
   * many images.
   */
  private static void matchLatency(AdvisoryIndex index, List<Sourced> real, int seconds) {
    Random rnd = new Random(7);
    List<InstalledPackage> distro = new ArrayList<>();
    List<InstalledPackage> lang = new ArrayList<>();
    for (Sourced s : real) {
      for (OsvAffected a : s.record().affected()) {
        if (a.pkg() == null || a.ranges().isEmpty()) {
          continue;
        }
        String family = VersionSchemes.family(a.pkg().ecosystem());
        if (!MATCHED_FAMILIES.contains(family)) {
          continue;
        }
        String v = null;
        for (var r : a.ranges()) {
          for (var e : r.events()) {
            if (e.version() != null && !e.version().equals("0")) {
              v = e.version();
            }
          }
        }
        if (v == null) {
          continue;
        }
        InstalledPackage p = InstalledPackage.of(family, a.pkg().name(), v);
        (family.equals("Debian") || family.equals("Ubuntu") ? distro : lang).add(p);
      }
    }
    MatchEngine engine = MatchEngine.standard();
    Distro debian = new Distro("debian", "12");
    List<List<InstalledPackage>> images = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      List<InstalledPackage> img = new ArrayList<>(1000);
      for (int k = 0; k < 700; k++) {
        if (k % 3 == 0 && !distro.isEmpty()) {
          InstalledPackage p = distro.get(rnd.nextInt(distro.size()));
          img.add(new InstalledPackage("p" + k, "Debian", p.name(), p.version(), "", "", ""));
        } else {
          img.add(InstalledPackage.of("Debian", "libclean" + k, "1.2.3-" + (k % 9) + "+deb12u1"));
        }
      }
      String[] clean = {"Go", "npm", "crates.io", "Maven"};
      for (int k = 0; k < 300; k++) {
        if (k % 3 == 0) {
          InstalledPackage p = lang.get(rnd.nextInt(lang.size()));
          img.add(new InstalledPackage("l" + k, p.ecosystem(), p.name(), p.version(), "", "", ""));
        } else {
          String eco = clean[k % clean.length];
          String name = eco.equals("Maven") ? "org.example:clean" + k : "clean" + k;
          img.add(new InstalledPackage("l" + k, eco, name, "1.2.3", "", "", ""));
        }
      }
      images.add(img);
    }
    for (int i = 0; i < 200; i++) {
      engine.match(debian, images.get(i % images.size()), index); // warm-up
    }
    List<Long> lat = new ArrayList<>();
    long matches = 0;
    long c0 = CPU.getCurrentThreadCpuTime();
    long w0 = System.nanoTime();
    long end = w0 + Duration.ofSeconds(seconds).toNanos();
    for (int i = 0; System.nanoTime() < end; i++) {
      long t = System.nanoTime();
      matches += engine.match(debian, images.get(i % images.size()), index).matches().size();
      lat.add(System.nanoTime() - t);
    }
    long cpu = CPU.getCurrentThreadCpuTime() - c0;
    long[] a = lat.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    System.out.printf(
        Locale.ROOT,
        "Match, 1,000-package image (700 Debian + 300 Go/npm/crates.io/Maven), one thread:"
            + " p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d calls; %.2f ms cpu per call;"
            + " %.1f matches per image%n",
        a[a.length / 2] / 1e6,
        a[(int) Math.min(a.length - 1, Math.ceil(a.length * 0.99) - 1)] / 1e6,
        a[a.length - 1] / 1e6,
        a.length,
        cpu / 1e6 / a.length,
        (double) matches / a.length);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
