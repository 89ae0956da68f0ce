package dev.tallyman.advisory.service.replica.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.service.feed.FeedSync;
import dev.tallyman.advisory.service.replica.Replication;
import dev.tallyman.contracts.Topics;
import dev.tallyman.deploy.LocalKafka;
import io.micronaut.context.ApplicationContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Not a test: replicated serving against a real broker. A sync replica imports every feed of the
 * shared corpus from local mirrors (plus, with SCALE > 1, a synthetic OSV ecosystem of SCALE-1
 * renamed copies of the Go database) and publishes it; then an unchanged re-sync; then a serve-only
 * replica materializes the topic (start-up time and heap). Prints wall and CPU time. Run with
 * {@code deploy/scripts/bench-advisory-replica.sh}.
 */
public final class AdvisoryReplicaBench {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static long cpuMs() {
    return OS.getProcessCpuTime() / 1_000_000;
  }

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]).toAbsolutePath().normalize();
    int scale = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Path work = Files.createTempDirectory("advisory-replica-bench");
    String v = "vunnel-fixtures/tests/unit/providers/";
    Map<String, Map<String, String>> feeds = new LinkedHashMap<>();
    Path osv = work.resolve("osv-mirror");
    mirror(data.resolve("osv-bulk/Go/all.zip"), osv.resolve("Go"));
    mirror(data.resolve("osv-bulk/crates.io/all.zip"), osv.resolve("crates.io"));
    feeds.put("osv-go", Map.of("type", "osv", "location", osv.toString(), "ecosystem", "Go"));
    feeds.put(
        "osv-crates", Map.of("type", "osv", "location", osv.toString(), "ecosystem", "crates.io"));
    feeds.put("ghsa", Map.of("type", "ghsa", "location", data.toString(), "path", "osv/ghsa"));
    feeds.put(
        "debian",
        Map.of(
            "type",
            "debian",
            "location",
            data.toString(),
            "path",
            v + "debian/test-fixtures/input/debian.json"));
    feeds.put(
        "alpine",
        Map.of(
            "type",
            "alpine",
            "location",
            data.resolve("alpine/alpine-secdb-yaml").toString(),
            "branches",
            "v3.5,v3.6,v3.7,v3.8,v3.9,v3.10,v3.11",
            "extension",
            "yaml"));
    feeds.put(
        "wolfi",
        Map.of(
            "type",
            "wolfi",
            "location",
            data.toString(),
            "path",
            v + "wolfi/test-fixtures/input/secdb/security.json"));
    feeds.put(
        "wolfi-advisories",
        Map.of(
            "type",
            "wolfi-advisories",
            "location",
            data.toString(),
            "path",
            "wolfi/wolfi-advisories-all.zip"));
    feeds.put(
        "kev",
        Map.of(
            "type",
            "kev",
            "location",
            data.toString(),
            "path",
            "kev/known_exploited_vulnerabilities.json"));
    feeds.put(
        "epss",
        Map.of(
            "type",
            "epss",
            "location",
            data.toString(),
            "path",
            "claircore-testdata/enricher/epss/testdata/data.csv"));
    if (scale > 1) {
      Path synth = work.resolve("synthetic");
      int n =
          synthesize(data.resolve("osv-bulk/Go/all.zip"), synth.resolve("Go/all.zip"), scale - 1);
      System.out.printf(
          "synthetic corpus: %d renamed copies of the Go records (%d records)%n", scale - 1, n);
      mirror(synth.resolve("Go/all.zip"), synth.resolve("Go"));
      feeds.put(
          "osv-synthetic", Map.of("type", "osv", "location", synth.toString(), "ecosystem", "Go"));
    }
    try (LocalKafka kafka = LocalKafka.start(work.resolve("kafka"))) {
      Map<String, Object> base = new HashMap<>();
      base.put("kafka.bootstrap.servers", kafka.bootstrapServers());
      base.put("tallyman.topics.prefix", "bench");
      base.put("tallyman.advisories.replication.enabled", "true");
      base.put("tallyman.advisories.paths", "");
      base.put("grpc.server.port", "${random.port}");
      base.put("micronaut.server.port", "-1");
      Map<String, Object> sync = new HashMap<>(base);
      sync.put("tallyman.advisories.roles", "sync");
      feeds.forEach(
          (name, cfg) -> {
            cfg.forEach((k, val) -> sync.put("tallyman.feeds." + name + "." + k, val));
            sync.put("tallyman.feeds." + name + ".interval", "PT24H");
          });

      System.out.printf("corpus: %s, feeds: %s%n", data, feeds.keySet());
      long c0 = cpuMs();
      long t0 = System.nanoTime();
      try (ApplicationContext ctx = ApplicationContext.run(sync)) {
        Replication rep = ctx.getBean(Replication.class);
        FeedSync fs = ctx.getBean(FeedSync.class);
        List<String> names = List.copyOf(feeds.keySet());
        while (!names.stream().allMatch(n -> rep.state().status(n).isPresent())) {
          Thread.sleep(50);
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        long changes0 = changeOffsets(kafka.bootstrapServers());
        System.out.printf(
            "full import + publish (context start to every feed on the topic): %d records,"
                + " %d change batches; wall %d ms, cpu %d ms%n",
            rep.state().recordCount(), changes0, wall, cpuMs() - c0);
        for (String n : names) {
          var st = rep.state().status(n).orElseThrow();
          System.out.printf(
              "  %-22s %8d records %8d enrichments %5d rejected %s%n",
              n,
              st.getRecordCount(),
              st.getEnrichmentCount(),
              st.getRejectedCount(),
              st.getLastError());
        }
        long c1 = cpuMs();
        long t1 = System.nanoTime();
        StringBuilder per = new StringBuilder();
        for (String n : feeds.keySet()) {
          long f0 = System.nanoTime();
          boolean ok = fs.syncNow(n);
          per.append(
              String.format(
                  "  %-22s %6d ms%s%n",
                  n, (System.nanoTime() - f0) / 1_000_000, ok ? "" : " FAILED"));
        }
        System.out.printf(
            "incremental sync, nothing changed (%d feeds): wall %d ms, cpu %d ms, new change batches %d%n",
            feeds.size(),
            (System.nanoTime() - t1) / 1_000_000,
            cpuMs() - c1,
            changeOffsets(kafka.bootstrapServers()) - changes0);
        System.out.print(per);
      }
      Map<String, Object> serve = new HashMap<>(base);
      serve.put("tallyman.advisories.roles", "serve");
      MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
      for (int round = 1; round <= 2; round++) {
        System.gc();
        long heap0 = mem.getHeapMemoryUsage().getUsed();
        long c2 = cpuMs();
        long t2 = System.nanoTime();
        try (ApplicationContext ctx = ApplicationContext.run(serve)) {
          long wall = (System.nanoTime() - t2) / 1_000_000;
          long cpu = cpuMs() - c2;
          System.gc();
          long heap = mem.getHeapMemoryUsage().getUsed();
          var store = ctx.getBean(dev.tallyman.advisory.service.feed.AdvisoryStore.class);
          System.out.printf(
              "serve replica start-up #%d (materialize topic + build index): %d advisories; wall %d ms, cpu %d ms;"
                  + " heap after start-up %d MiB (+%d MiB over the JVM before)%n",
              round,
              store.snapshot().index().advisoryCount(),
              wall,
              cpu,
              heap >> 20,
              (heap - heap0) >> 20);
        }
      }
    }
    // a leftover non-daemon client thread must not keep the bench alive
    System.exit(0);
  }

  /**
   * An osv.dev-style mirror directory: {@code all.zip} plus the {@code modified_id.csv} the shared
   * corpus lacks (written from the records' own modified times), so re-syncs are incremental.
   */
  private static void mirror(Path zip, Path dir) throws Exception {
    Files.createDirectories(dir);
    Path target = dir.resolve("all.zip");
    if (!Files.exists(target)) {
      Files.copy(zip, target); // a mirror refuses links that leave it
    }
    StringBuilder csv = new StringBuilder();
    try (ZipFile in = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> es = in.entries();
      while (es.hasMoreElements()) {
        ZipEntry e = es.nextElement();
        if (e.getName().endsWith(".json")) {
          var rec = FeedJson.JSON.readTree(in.getInputStream(e).readAllBytes());
          csv.append(rec.path("modified").asText())
              .append(',')
              .append(rec.path("id").asText())
              .append('\n');
        }
      }
    }
    Files.writeString(dir.resolve("modified_id.csv"), csv);
  }

  /** Sum of end offsets of the change topic: how many change batches were published. */
  private static long changeOffsets(String bootstrap) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<String, byte[]> k =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      String topic = new Topics("bench").advisoryChanges();
      List<TopicPartition> parts =
          k.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      return k.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** {@code copies} renamed copies of every record of an OSV zip (ids suffixed "-S<n>"). */
  private static int synthesize(Path from, Path to, int copies) throws Exception {
    Files.createDirectories(to.getParent());
    int n = 0;
    try (ZipFile in = new ZipFile(from.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
      for (int c = 1; c <= copies; c++) {
        Enumeration<? extends ZipEntry> es = in.entries();
        while (es.hasMoreElements()) {
          ZipEntry e = es.nextElement();
          if (e.isDirectory() || !e.getName().endsWith(".json")) {
            continue;
          }
          ObjectNode rec = (ObjectNode) FeedJson.JSON.readTree(in.getInputStream(e).readAllBytes());
          String id = rec.path("id").asText() + "-S" + c;
          rec.put("id", id);
          out.putNextEntry(new ZipEntry(id + ".json"));
          out.write(FeedJson.JSON.writeValueAsBytes(rec));
          out.closeEntry();
          n++;
        }
      }
    }
    return n;
  }
}
