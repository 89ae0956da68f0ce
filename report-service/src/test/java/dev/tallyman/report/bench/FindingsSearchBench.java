package dev.tallyman.report.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.google.protobuf.Timestamp;
import dev.tallyman.deploy.LocalElasticsearch;
import dev.tallyman.proto.v1.Finding;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.OperatingSystem;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Platform;
import dev.tallyman.proto.v1.Sbom;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.access.Grant;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.access.Role;
import dev.tallyman.report.index.FindingDocument;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.index.FindingsIndex;
import dev.tallyman.report.index.IndexLayout;
import dev.tallyman.report.kafka.FindingsBatchWork;
import dev.tallyman.report.kafka.SbomBatchWork;
import dev.tallyman.report.search.FacetSearch;
import dev.tallyman.report.search.FacetsQuery;
import dev.tallyman.report.search.FindingsQuery;
import dev.tallyman.report.search.FindingsSearch;
import dev.tallyman.report.search.ImageMatchSearch;
import dev.tallyman.report.search.ImagePaging;
import dev.tallyman.report.search.ImageReportSearch;
import dev.tallyman.report.search.PackageLookup;
import dev.tallyman.report.search.PackageSearch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.elasticsearch.client.RestClient;

/**
 * Benchmark (a main, not a test): indexes N synthetic findings through the production indexing path
 * (FindingsBatchWork: lifecycle, history, images) into a real local Elasticsearch, measures the raw
 * bulk floor on the same documents, then p50/p99 of five typical queries through the production
 * search classes, as a tenant (the tenant filter is part of every query).
 *
 * <p>Run with deploy/scripts/bench-findings-search.sh [N] (default 1,000,000).
 */
public final class FindingsSearchBench {
  static final int FINDINGS_PER_IMAGE = 200;
  static final String[] TEAMS = {"payments", "shop", "search", "platform"};
  static final String[] REGISTRIES = {"registry.a.test:5000", "registry.b.test"};

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    String url = System.getenv("BENCH_ES_URL");
    LocalElasticsearch es = null;
    if (url == null) {
      Path work = Files.createTempDirectory("bench-es");
      // a shared machine can take minutes to start a node
      es =
          LocalElasticsearch.start(
              LocalElasticsearch.Options.in(work)
                  .heap("1g")
                  .timeout(java.time.Duration.ofMinutes(8)));
      url = es.httpUrl();
    }
    // generous timeouts: the machine may be shared, and a slow answer is a number, not an error
    RestClient rest =
        RestClient.builder(HttpHost.create(url))
            .setRequestConfigCallback(r -> r.setConnectTimeout(10_000).setSocketTimeout(300_000))
            .build();
    ElasticsearchClient client =
        new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    try {
      run(client, n, runs);
    } finally {
      rest.close();
      if (es != null) {
        es.close();
      }
    }
  }

  static void run(ElasticsearchClient client, int n, int runs) throws Exception {
    int images = Math.max(1, n / FINDINGS_PER_IMAGE);
    String stamp = Long.toString(System.currentTimeMillis(), 36);
    IndexLayout layout = new IndexLayout("bench-" + stamp + "-findings");
    FindingsIndex index = new FindingsIndex(client, layout);
    index.ensureReady();
    System.out.printf(
        "documents: %,d findings in %,d images (%d each)%n", n, images, FINDINGS_PER_IMAGE);

    // raw bulk floor: the same documents, plain index operations, refresh off, 2000 a request
    String raw = "bench-" + stamp + "-raw";
    client
        .indices()
        .create(
            c ->
                c.index(raw)
                    .settings(
                        s ->
                            s.refreshInterval(t -> t.time("-1"))
                                .numberOfShards("1")
                                .numberOfReplicas("0")));
    long bytes = 0;
    long t0 = System.nanoTime();
    List<BulkOperation> ops = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      for (FindingDocument d : FindingDocuments.of(report(i, 0), Instant.EPOCH)) {
        ops.add(BulkOperation.of(o -> o.index(x -> x.index(raw).id(d.id()).document(d.source()))));
      }
      if (ops.size() >= 2000 || i == images - 1) {
        List<BulkOperation> batch = List.copyOf(ops);
        ops.clear();
        var r = client.bulk(BulkRequest.of(b -> b.operations(batch)));
        if (r.errors()) {
          throw new IllegalStateException("raw bulk had errors");
        }
      }
    }
    double rawSecs = (System.nanoTime() - t0) / 1e9;
    client.indices().refresh(r -> r.index(raw));
    var stats = client.indices().stats(s -> s.index(raw));
    bytes = stats.all().primaries().store().sizeInBytes();
    System.out.printf(
        "raw bulk floor:      %,10.0f docs/s (%,.1f s; %,d bytes on disk, ~%d B/doc)%n",
        n / rawSecs, rawSecs, bytes, bytes / Math.max(1, n));
    client.indices().delete(d -> d.index(raw));

    // the production path: 50 report records a batch, as the Kafka listener polls them
    FindingsBatchWork work = new FindingsBatchWork(index);
    t0 = System.nanoTime();
    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      FindingsReport r = report(i, 0);
      batch.add(new ConsumerRecord<>("bench", 0, i, r.getImageDigest(), r.toByteArray()));
      if (batch.size() == 50 || i == images - 1) {
        var failures = work.apply(batch);
        if (!failures.isEmpty()) {
          throw new IllegalStateException("records failed: " + failures.get(0).cause());
        }
        batch.clear();
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "tallyman indexing:   %,10.0f findings/s (%,.1f s; lifecycle + history + images index)%n",
        n / secs, secs);
    // SBOMs: each image's packages into the packages index (where deployed reads it)
    SbomBatchWork sboms = new SbomBatchWork(index);
    t0 = System.nanoTime();
    long packages = 0;
    batch.clear();
    for (int i = 0; i < images; i++) {
      Sbom sb = sbom(report(i, 0));
      packages += sb.getPackagesCount();
      batch.add(new ConsumerRecord<>("bench", 0, i, sb.getImageDigest(), sb.toByteArray()));
      if (batch.size() == 20 || i == images - 1) {
        var failures = sboms.apply(batch);
        if (!failures.isEmpty()) {
          throw new IllegalStateException("SBOM records failed: " + failures.get(0).cause());
        }
        batch.clear();
      }
    }
    secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "SBOM indexing:       %,10.0f packages/s (%,d packages, %,.1f s)%n",
        packages / secs, packages, secs);
    // A settled store: every index the queries read merged as Elasticsearch's merge policy would
    // over time (the packages index has just had each document written twice: placeholder, SBOM).
    for (IndexLayout l : List.of(layout, layout.images(), layout.packages())) {
      client.indices().forcemerge(f -> f.index(l.alias()).maxNumSegments(5L));
    }
    index.refresh();

    Principal tenant =
        new Principal(
            "bench",
            Role.VIEWER,
            List.of(Grant.parse(REGISTRIES[0] + "/payments"), Grant.parse("*/shop")));
    FindingsSearch search = new FindingsSearch(client, layout);
    FacetSearch facets = new FacetSearch(client, layout);
    ImageMatchSearch matches = new ImageMatchSearch(client, layout);
    PackageSearch where = new PackageSearch(client, layout);
    ImageReportSearch reports = new ImageReportSearch(client, layout);
    Random rnd = new Random(7);
    FindingsQuery filtered =
        FindingsQuery.of(null, null, null, null, null, null, null, 50)
            .withLanguage(
                "severity:critical AND fixable:true AND repository:payments/* AND NOT package:lib-1*",
                null,
                null);
    FacetsQuery facetQuery =
        FacetsQuery.of(
            List.of("severity,repository,vulnerability,package"),
            10,
            FindingsQuery.of(null, null, null, null, null, null, null, null));
    System.out.printf("queries (%d runs each after 20 warm-up, as a two-prefix tenant):%n", runs);
    time("filtered search", runs, i -> search.search(filtered, tenant).total());
    time("facets (4 dims)", runs, i -> facets.facets(facetQuery, tenant).total());
    time(
        "blast radius",
        runs,
        i ->
            matches
                .affectedBy(cve(popular(rnd)), ImagePaging.of(50, null), tenant)
                .map(b -> b.images().size())
                .orElse(0));
    time(
        "where deployed",
        runs,
        i ->
            where
                .deployments(
                    PackageLookup.of(purl(popular(rnd) % 800), null, null),
                    ImagePaging.of(50, null),
                    tenant,
                    false)
                .images()
                .size());
    verifyWhereDeployed(where, tenant, images);
    time(
        "image report",
        runs,
        i ->
            reports
                // an image the tenant may see: payments on registry 0 (image % 4 == 0) or shop
                // anywhere (image % 4 == 1), so the figure is a real report, not a 404
                .report(digest(4 * rnd.nextInt(images / 4) + rnd.nextInt(2)), 0, 50, tenant)
                .map(r -> r.findings().total())
                .orElse(0L));
  }

  /**
   * Checks where-deployed against the generated data (not timed): for a few packages from common to
   * rare, the first page holds exactly the tenant's images with the package, in digest order, each
   * with the package's open vulnerabilities — the ids its findings have in that image.
   */
  static void verifyWhereDeployed(PackageSearch where, Principal tenant, int images)
      throws Exception {
    int[] probes = {0, 1, 7, 42, 311};
    java.util.Map<Integer, java.util.TreeMap<String, java.util.TreeSet<String>>> expected =
        new java.util.HashMap<>();
    for (int i = 0; i < images; i++) {
      if (i % 4 > 1) {
        continue; // payments (registry 0) and shop images only: what the tenant sees
      }
      FindingsReport r = report(i, 0);
      for (Finding f : r.getFindingsList()) {
        int p = Integer.parseInt(f.getPackage().getId().substring(1));
        if (Arrays.stream(probes).anyMatch(x -> x == p)) {
          expected
              .computeIfAbsent(p, k -> new java.util.TreeMap<>())
              .computeIfAbsent(r.getImageDigest(), k -> new java.util.TreeSet<>())
              .add(f.getVulnerabilityId());
        }
      }
    }
    int checked = 0;
    for (int p : probes) {
      var want = expected.getOrDefault(p, new java.util.TreeMap<>());
      var page =
          where.deployments(
              PackageLookup.of(purl(p), null, null), ImagePaging.of(50, null), tenant, false);
      List<String> wantDigests = want.keySet().stream().limit(50).toList();
      List<String> got = page.images().stream().map(m -> m.digest()).toList();
      if (!got.equals(wantDigests)) {
        throw new IllegalStateException(
            "where deployed " + purl(p) + ": images " + got + ", expected " + wantDigests);
      }
      for (var m : page.images()) {
        if (m.packages().size() != 1
            || !new java.util.TreeSet<>(m.packages().get(0).vulnerabilities())
                .equals(want.get(m.digest()))) {
          throw new IllegalStateException(
              "where deployed "
                  + purl(p)
                  + " in "
                  + m.digest()
                  + ": "
                  + m.packages()
                  + ", expected vulnerabilities "
                  + want.get(m.digest()));
        }
        checked++;
      }
    }
    System.out.printf(
        "  where deployed answers verified: %d packages, %d images with their vulnerabilities%n",
        probes.length, checked);
  }

  interface Query {
    Object run(int i) throws Exception;
  }

  static void time(String name, int runs, Query q) throws Exception {
    for (int i = 0; i < 20; i++) {
      q.run(i);
    }
    long[] ns = new long[runs];
    Object last = null;
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      last = q.run(i);
      ns[i] = System.nanoTime() - t;
    }
    Arrays.sort(ns);
    System.out.printf(
        "  %-16s p50 %6.1f ms   p99 %6.1f ms   (last answer: %s)%n",
        name, ns[runs / 2] / 1e6, ns[(int) Math.ceil(runs * 0.99) - 1] / 1e6, last);
  }

  /** Zipf-ish: low indexes are much more common (log4j is everywhere, most CVEs are rare). */
  static int popular(Random r) {
    return (int) Math.floor(Math.pow(3000, r.nextDouble())) - 1;
  }

  static String cve(int i) {
    return "CVE-20" + (18 + i % 7) + "-" + (10000 + i);
  }

  static String purl(int p) {
    return "pkg:maven/org.example/lib-" + p + "@" + (1 + p % 5) + ".0." + (p % 11);
  }

  static String digest(int image) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(("bench-image-" + image).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static final Severity[] SEVERITIES = {
    Severity.SEVERITY_CRITICAL,
    Severity.SEVERITY_HIGH,
    Severity.SEVERITY_HIGH,
    Severity.SEVERITY_MEDIUM,
    Severity.SEVERITY_MEDIUM,
    Severity.SEVERITY_MEDIUM,
    Severity.SEVERITY_LOW,
    Severity.SEVERITY_LOW,
    Severity.SEVERITY_NEGLIGIBLE,
    Severity.SEVERITY_UNKNOWN
  };

  /** One image's report: 200 findings over a skewed pool of 3000 CVEs and 800 packages. */
  static FindingsReport report(int image, int generation) {
    Random r = new Random(image * 31L + generation);
    String team = TEAMS[image % TEAMS.length];
    FindingsReport.Builder b =
        FindingsReport.newBuilder()
            .setReportId("bench-" + image + "-" + generation)
            .setImageDigest(digest(image))
            .setPlatform(
                Platform.newBuilder()
                    .setOs("linux")
                    .setArchitecture(image % 5 == 0 ? "arm64" : "amd64"))
            .setLocation(
                ImageLocation.newBuilder()
                    .setRegistry(REGISTRIES[image % 2])
                    .setRepository(team + "/svc-" + (image % 50))
                    .setTag("v" + (image % 17)))
            .setOs(
                OperatingSystem.newBuilder()
                    .setId("debian")
                    .setVersionId("12")
                    .setVersionCodename("bookworm")
                    .setPrettyName("Debian GNU/Linux 12 (bookworm)"))
            .setGeneratedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L + image))
            .setPackageCount(400)
            .setPartCount(1);
    java.util.Set<Integer> used = new java.util.HashSet<>();
    IntFunction<Integer> next =
        k -> {
          int c;
          do {
            c = popular(r);
          } while (!used.add(c));
          return c;
        };
    for (int k = 0; k < FINDINGS_PER_IMAGE; k++) {
      int c = next.apply(k);
      int p = c % 800;
      Package pkg =
          Package.newBuilder()
              .setId("p" + p)
              .setEcosystem("Maven")
              .setName("org.example:lib-" + p)
              .setVersion((1 + p % 5) + ".0." + (p % 11))
              .setPurl(purl(p))
              .setPath("app/lib/lib-" + p + ".jar")
              .setLayerDiffId(digest(-1 - p % 7))
              .setLayerDigest(digest(-100 - p % 7))
              .setLayerCreatedBy("COPY target/lib /app/lib # buildkit")
              .build();
      Severity s = SEVERITIES[c % SEVERITIES.length];
      b.addFindings(
          Finding.newBuilder()
              .setVulnerabilityId(cve(c))
              .addAliases("GHSA-" + Integer.toString(c, 36) + "-bench-x")
              .setSummary(
                  "Synthetic advisory "
                      + c
                      + ": improper input validation in lib-"
                      + p
                      + " allows a remote attacker to cause a denial of service or execute code"
                      + " via crafted requests; affects versions before the fixed release.")
              .setSeverity(s)
              .setCvssScore(s == Severity.SEVERITY_UNKNOWN ? 0 : 2 + (c % 80) / 10.0)
              .setCvssVersion("3.1")
              .setCvssVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
              .setFixedVersion(c % 5 < 3 ? (2 + p % 5) + ".0.0" : "")
              .setPackage(pkg)
              .setAdvisorySource("osv-maven")
              .setMatchedRange("< " + (2 + p % 5) + ".0.0")
              .setKev(c % 50 == 0)
              .setEpssScore((c % 100) / 100.0)
              .setEpssPercentile((c % 97) / 97.0)
              .addCwes("CWE-" + (20 + c % 60)));
    }
    return b.build();
  }

  /** The SBOM of an image: the packages of its findings (one part). */
  static Sbom sbom(FindingsReport r) {
    java.util.LinkedHashMap<String, Package> byId = new java.util.LinkedHashMap<>();
    r.getFindingsList().forEach(f -> byId.putIfAbsent(f.getPackage().getId(), f.getPackage()));
    return Sbom.newBuilder()
        .setSbomId(r.getImageDigest() + "/analyzer-bench")
        .setImageDigest(r.getImageDigest())
        .setPlatform(r.getPlatform())
        .setLocation(r.getLocation())
        .setOs(r.getOs())
        .addAllPackages(byId.values())
        .setAnalyzedAt(r.getGeneratedAt())
        .setAnalyzerVersion("bench")
        .setPart(0)
        .setPartCount(1)
        .setPackageCount(byId.size())
        .build();
  }
}
