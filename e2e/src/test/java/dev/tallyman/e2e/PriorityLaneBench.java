package dev.tallyman.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Benchmark behind {@code deploy/scripts/bench-priority-lane.sh} (not a test: surefire runs only
 * {@code *Test}). The whole pipeline as real processes, a mirror registry of N distinct images
 * polled by ingest; measures a push's push→analyzed and push→searchable latency with no backlog
 * (baseline) and during a bulk rescan of all N images, the rescan's drain rate, and how much of it
 * was still waiting when each push was analyzed. Analyzed = the analyzer's {@code FindingsReport}
 * for the digest is on the findings topic (its record timestamp); searchable = the first {@code GET
 * /v1/findings?digest=} that returns the finding.
 *
 * <p>Arguments: N (default 1000), baseline samples (default 5), pushes during the rescan (default
 * 5).
 */
public final class PriorityLaneBench {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private PriorityLaneBench() {}

  /** One measured push. */
  record Sample(long analyzedMs, long searchableMs, long bulkWaitingAtPush, long bulkWaitingAt) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int baselineSamples = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int duringSamples = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path repoRoot = Path.of(System.getProperty("tallyman.repo.root", ".")).toAbsolutePath();
    Path workDir = Files.createTempDirectory(Path.of("/tmp"), "tallyman-bench-lanes-");
    System.out.println("bench: work dir (logs of every process) " + workDir);
    RegistryImages images = RegistryImages.withDebianLayer(workDir.resolve("image"));
    Path debianFixtures = repoRoot.resolve("e2e/src/test/resources/advisories/debian");
    long[] fillMs = new long[1];
    try (PipelineStack stack =
            PipelineStack.start(
                repoRoot,
                workDir,
                List.of(debianFixtures),
                new PipelineStack.Options(
                    false,
                    mirror -> {
                      long t0 = System.nanoTime();
                      images.pushMany(mirror.hostPort(), "bulk", n, 100, 4);
                      fillMs[0] = (System.nanoTime() - t0) / 1_000_000;
                    }));
        LaneProgress lanes = new LaneProgress(stack.kafka.bootstrapServers());
        FindingsTail analyzed = new FindingsTail(stack.kafka.bootstrapServers())) {
      System.out.printf(
          "bench: %d distinct images pushed to the mirror registry through its HTTP API in %.1f s"
              + " (%.0f images/s)%n",
          n, fillMs[0] / 1000.0, n * 1000.0 / Math.max(1, fillMs[0]));
      Thread tail = new Thread(analyzed, "findings-tail");
      tail.setDaemon(true);
      tail.start();
      Cpu cpu = new Cpu(stack.pids());

      // 1. the poller's first pass: N images in the bulk lane, nothing else running
      long t0 = System.nanoTime();
      Cpu.Snapshot c0 = cpu.snapshot();
      waitUntil(() -> lanes.of(LaneProgress.BULK).written() >= n, Duration.ofMinutes(5));
      waitUntil(() -> lanes.of(LaneProgress.BULK).waiting() == 0, Duration.ofMinutes(30));
      double pollDrainS = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "discovery (first poll) of %d images drained in %.1f s: %.1f images/s; stack CPU %s%n",
          n, pollDrainS, n / pollDrainS, cpu.since(c0, pollDrainS));

      // 2. baseline: pushes with both lanes empty
      List<Sample> baseline = new ArrayList<>();
      for (int i = 0; i < baselineSamples; i++) {
        baseline.add(push(stack, images, lanes, analyzed, "baseline-" + i));
        Thread.sleep(500);
      }
      print("baseline (no backlog)", baseline);

      // 3. a rescan of all N images, and pushes while its backlog is queued
      long before = lanes.of(LaneProgress.BULK).written();
      Cpu.Snapshot c1 = cpu.snapshot();
      long r0 = System.nanoTime();
      HttpResponse<String> rescan =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/v1/rescans"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + stack.webhookToken)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"registry\": \"mirror\", \"repositoryPrefix\": \"bulk\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (rescan.statusCode() != 202) {
        throw new IllegalStateException("rescan: " + rescan.statusCode() + " " + rescan.body());
      }
      long rescanMs = (System.nanoTime() - r0) / 1_000_000;
      System.out.printf(
          "rescan accepted in %d ms: %s%n", rescanMs, JSON.readTree(rescan.body()).toString());
      List<Sample> during = new ArrayList<>();
      for (int i = 0; i < duringSamples; i++) {
        if (lanes.of(LaneProgress.BULK).waiting() < n / 10) {
          break; // the backlog is (nearly) gone: further samples would not be "during"
        }
        during.add(push(stack, images, lanes, analyzed, "during-" + i));
        Thread.sleep(1000);
      }
      print("during the rescan of " + n, during);
      for (int i = 0; i < during.size(); i++) {
        Sample s = during.get(i);
        System.out.printf(
            "  push %d: rescan events waiting %d when pushed, %d (%.0f %%) when it was analyzed%n",
            i + 1, s.bulkWaitingAtPush(), s.bulkWaitingAt(), 100.0 * s.bulkWaitingAt() / n);
      }
      waitUntil(() -> lanes.of(LaneProgress.BULK).waiting() == 0, Duration.ofMinutes(30));
      double drainS = (System.nanoTime() - r0) / 1e9;
      long handled = lanes.of(LaneProgress.BULK).handled() - before;
      System.out.printf(
          "rescan of %d drained in %.1f s: %.1f images/s (with %d pushes in between); stack CPU"
              + " %s%n",
          handled, drainS, handled / drainS, during.size(), cpu.since(c1, drainS));
    }
  }

  private static Sample push(
      PipelineStack stack,
      RegistryImages images,
      LaneProgress lanes,
      FindingsTail analyzed,
      String name)
      throws Exception {
    String repository = "team/bench-" + UUID.randomUUID().toString().substring(0, 8);
    RegistryImages.Pushed pushed =
        images.push(stack.registry.hostPort(), repository, "1.0", repository + "/" + name);
    long pushedAt = System.currentTimeMillis();
    analyzed.watched.add(pushed.digest());
    long waitingAtPush = lanes.of(LaneProgress.BULK).waiting();
    long[] searchable = new long[1];
    waitUntil(
        () -> {
          if (searchable(stack, pushed.digest())) {
            searchable[0] = System.currentTimeMillis();
            return true;
          }
          return false;
        },
        Duration.ofMinutes(5));
    Long analyzedAt = analyzed.firstSeen.get(pushed.digest());
    long waitingAt = lanes.of(LaneProgress.BULK).waiting();
    if (analyzedAt == null) {
      waitUntil(() -> analyzed.firstSeen.containsKey(pushed.digest()), Duration.ofSeconds(30));
      analyzedAt = analyzed.firstSeen.get(pushed.digest());
    }
    Long waitingWhenAnalyzed = analyzed.bulkWaiting.get(pushed.digest());
    return new Sample(
        analyzedAt - pushedAt,
        searchable[0] - pushedAt,
        waitingAtPush,
        waitingWhenAnalyzed == null ? waitingAt : waitingWhenAnalyzed);
  }

  private static void print(String what, List<Sample> samples) {
    if (samples.isEmpty()) {
      System.out.println(what + ": no sample");
      return;
    }
    List<Long> a = samples.stream().map(Sample::analyzedMs).sorted().toList();
    List<Long> s = samples.stream().map(Sample::searchableMs).sorted().toList();
    System.out.printf(
        "%s, %d pushes: push->analyzed min %d / median %d / max %d ms; push->searchable min %d /"
            + " median %d / max %d ms%n",
        what,
        samples.size(),
        a.get(0),
        a.get((a.size() - 1) / 2),
        a.get(a.size() - 1),
        s.get(0),
        s.get((s.size() - 1) / 2),
        s.get(s.size() - 1));
  }

  private static boolean searchable(PipelineStack stack, String digest) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        stack.reportUrl()
                            + "/v1/findings?size=1&digest="
                            + digest
                            + "&vulnerability=TEST-DEBIAN-GLIBC-0001"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 && JSON.readTree(r.body()).path("total").asLong() > 0;
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void waitUntil(Check check, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out after " + timeout);
      }
      Thread.sleep(20);
    }
  }

  /**
   * Reads the findings topic as it is written; per digest, the first report's timestamp (set by the
   * analyzer's producer) and the bulk lane's backlog right when this reader saw it.
   */
  static final class FindingsTail implements Runnable, AutoCloseable {
    final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    final Map<String, Long> bulkWaiting = new ConcurrentHashMap<>();
    final java.util.Set<String> watched = ConcurrentHashMap.newKeySet();
    private final KafkaConsumer<String, byte[]> consumer;
    private final LaneProgress lanes;
    private volatile boolean running = true;

    FindingsTail(String bootstrapServers) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
      p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
      consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
      lanes = new LaneProgress(bootstrapServers);
    }

    @Override
    public void run() {
      consumer.subscribe(List.of("tallyman.findings"));
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
          if (r.key() != null
              && firstSeen.putIfAbsent(r.key(), r.timestamp()) == null
              && watched.contains(r.key())) {
            try {
              bulkWaiting.put(r.key(), lanes.of(LaneProgress.BULK).waiting());
            } catch (Exception e) {
              System.err.println("bench: cannot read the bulk lane's progress: " + e);
            }
          }
        }
      }
      consumer.close();
      lanes.close();
    }

    @Override
    public void close() {
      running = false;
    }
  }

  /** CPU seconds (user + system) of the stack's processes, from /proc. */
  static final class Cpu {
    record Snapshot(Map<String, Double> seconds) {}

    private final Map<String, Long> pids;
    private final double ticks;

    Cpu(Map<String, Long> pids) throws Exception {
      this.pids = pids;
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      this.ticks = Double.parseDouble(new String(p.getInputStream().readAllBytes()).trim());
    }

    Snapshot snapshot() {
      Map<String, Double> out = new java.util.LinkedHashMap<>();
      pids.forEach((name, pid) -> out.put(name, seconds(pid)));
      return new Snapshot(out);
    }

    String since(Snapshot start, double wallS) {
      Snapshot now = snapshot();
      StringBuilder b = new StringBuilder();
      double total = 0;
      for (var e : now.seconds().entrySet()) {
        double d = e.getValue() - start.seconds().getOrDefault(e.getKey(), 0.0);
        total += d;
        b.append(String.format(" %s %.1f", e.getKey(), d));
      }
      return String.format(
          "%.1f s user+sys over %.1f s wall (%.2f cores):%s; load average %s",
          total, wallS, total / wallS, b, loadAverage());
    }

    private double seconds(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticks;
      } catch (Exception e) {
        return 0;
      }
    }

    static String loadAverage() {
      try {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
      } catch (Exception e) {
        return "?";
      }
    }
  }
}
