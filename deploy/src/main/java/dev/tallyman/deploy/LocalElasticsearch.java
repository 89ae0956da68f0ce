package dev.tallyman.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real single-node Elasticsearch 8.19 (the integ-test distribution, security off) on 127.0.0.1.
 * Elasticsearch refuses to run as root: when this JVM is root, the node runs as the system user
 * {@value #ES_USER} (created if missing), so every directory it touches must be reachable by that
 * user (work dirs under /tmp or the repo's .tallyman/ are fine).
 */
public final class LocalElasticsearch implements SearchNode {
  /** 120 s; a loaded machine can override it with -Dtallyman.es.start-timeout-seconds=N. */
  public static final Duration START_TIMEOUT =
      Duration.ofSeconds(Long.getLong("tallyman.es.start-timeout-seconds", 120));

  public static final String ES_USER = "tallyman-es";
  private static final Path CACHE =
      Path.of(System.getProperty("tallyman.es.cache", "/var/tmp/tallyman-es"));

  /** {@code httpPort}/{@code transportPort} 0 = free ones; {@code detached} = outlives this JVM. */
  public record Options(
      Path workDir,
      int httpPort,
      int transportPort,
      boolean detached,
      Duration timeout,
      String heap) {
    public static Options in(Path workDir) {
      return new Options(workDir, 0, 0, false, START_TIMEOUT, "512m");
    }

    public Options ports(int http, int transport) {
      return new Options(workDir, http, transport, detached, timeout, heap);
    }

    public Options detach() {
      return new Options(workDir, httpPort, transportPort, true, timeout, heap);
    }

    public Options timeout(Duration t) {
      return new Options(workDir, httpPort, transportPort, detached, t, heap);
    }

    public Options heap(String h) {
      return new Options(workDir, httpPort, transportPort, detached, timeout, h);
    }
  }

  private final Options options;
  private final int httpPort;
  private final int transportPort;
  private volatile ManagedProcess process;

  private LocalElasticsearch(Options options, int httpPort, int transportPort) {
    this.options = options;
    this.httpPort = httpPort;
    this.transportPort = transportPort;
  }

  /** Starts a node with its data under {@code workDir} on free ports; waits for yellow health. */
  public static LocalElasticsearch start(Path workDir) {
    return start(Options.in(workDir));
  }

  /** Starts (or restarts, keeping the data in {@code workDir}) a node on {@code httpPort}. */
  public static LocalElasticsearch start(Path workDir, int httpPort) {
    return start(Options.in(workDir).ports(httpPort, 0));
  }

  public static LocalElasticsearch start(Options o) {
    int http = Ports.orFree(o.httpPort());
    int transport = Ports.orFree(o.transportPort());
    LocalElasticsearch es = new LocalElasticsearch(o, http, transport);
    es.launch();
    return es;
  }

  private synchronized void launch() {
    Ports.requireFree(httpPort, "elasticsearch http");
    Ports.requireFree(transportPort, "elasticsearch transport");
    StackDist dist = StackDist.load();
    Path home = unpacked(dist);
    Path dir = options.workDir().toAbsolutePath();
    boolean root = isRoot();
    try {
      Files.createDirectories(dir);
      Path conf = dir.resolve("config");
      Path data = dir.resolve("data");
      Path logs = dir.resolve("logs");
      Path tmp = dir.resolve("tmp");
      Files.createDirectories(data);
      Files.createDirectories(logs);
      Files.createDirectories(tmp);
      // Own config dir per node (ES_PATH_CONF): the shared unpacked home stays read-only.
      copyTree(home.resolve("config"), conf);
      Files.writeString(conf.resolve("elasticsearch.yml"), yml(data, logs));
      Path pidFile = dir.resolve("elasticsearch.pid");
      Files.deleteIfExists(pidFile);
      String javaHome = System.getProperty("java.home");
      List<String> cmd = new ArrayList<>();
      if (root) {
        ensureUser();
        requireReachable(dir);
        run(List.of("chown", "-R", ES_USER + ":" + ES_USER, dir.toString()));
        cmd.addAll(List.of("/usr/sbin/runuser", "-u", ES_USER, "--"));
      }
      cmd.addAll(
          List.of(
              "/usr/bin/env",
              "ES_JAVA_HOME=" + javaHome,
              "ES_PATH_CONF=" + conf,
              "ES_TMPDIR=" + tmp,
              "ES_JAVA_OPTS=-Xms" + options.heap() + " -Xmx" + options.heap(),
              home.resolve("bin/elasticsearch").toString(),
              "-p",
              pidFile.toString()));
      ManagedProcess p =
          ManagedProcess.start(
              "elasticsearch",
              cmd,
              Map.of(),
              dir,
              dir.resolve("elasticsearch.log"),
              options.detached());
      process = p;
      p.awaitReady(options.timeout(), this::healthy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String yml(Path data, Path logs) {
    return String.join(
        "\n",
        "cluster.name: tallyman-local",
        "node.name: tallyman-local-1",
        "network.host: 127.0.0.1",
        "http.port: " + httpPort,
        "transport.port: " + transportPort,
        "discovery.type: single-node",
        "xpack.security.enabled: false",
        "path.data: " + data,
        "path.logs: " + logs,
        "cluster.routing.allocation.disk.threshold_enabled: false",
        "action.destructive_requires_name: false",
        "");
  }

  /** True when cluster health answers 200 (yellow or green). */
  public boolean healthy() {
    try {
      HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      HttpResponse<String> r =
          c.send(
              HttpRequest.newBuilder(
                      URI.create(httpUrl() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                  .timeout(Duration.ofSeconds(3))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String httpUrl() {
    return "http://" + Ports.HOST + ":" + httpPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public int transportPort() {
    return transportPort;
  }

  /** The launcher's PID (runuser or the ES CLI); the node's own PID is in {@link #serverPid()}. */
  public long pid() {
    return process.pid();
  }

  /** The node's JVM PID from the pid file, or -1 when it is not (yet) written. */
  public long serverPid() {
    try {
      Path f = options.workDir().toAbsolutePath().resolve("elasticsearch.pid");
      return Files.isRegularFile(f) ? Long.parseLong(Files.readString(f).trim()) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  public Path logFile() {
    return options.workDir().toAbsolutePath().resolve("elasticsearch.log");
  }

  public Path workDir() {
    return options.workDir();
  }

  /** Stops the node (data stays); {@link #restart()} brings it back on the same ports. */
  public synchronized void stop() {
    ManagedProcess p = process;
    if (p == null) {
      return;
    }
    long server = serverPid();
    if (server > 0) {
      ManagedProcess.killTree(server, Duration.ofSeconds(30));
    }
    p.close();
    process = null;
  }

  /** Starts the node again on the same ports with the same data. */
  public synchronized void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void ensureUser() {
    try {
      ManagedProcess.run(
          "id " + ES_USER, List.of("id", "-u", ES_USER), Path.of("/"), Duration.ofSeconds(10));
    } catch (StartFailure missing) {
      try {
        run(
            List.of(
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                ES_USER));
      } catch (StartFailure raced) {
        // another JVM may have created it at the same moment
        ManagedProcess.run(
            "id " + ES_USER, List.of("id", "-u", ES_USER), Path.of("/"), Duration.ofSeconds(10));
      }
    }
  }

  /**
   * Every parent must be world-traversable or the unprivileged node cannot reach its files. Temp
   * dirs (e.g. JUnit's, mode 700) get o+x added: traverse only, listing stays private.
   */
  private static void requireReachable(Path dir) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    for (Path p = dir.getParent(); p != null; p = p.getParent()) {
      var perms = Files.getPosixFilePermissions(p);
      if (perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
        continue;
      }
      boolean underTemp =
          (p.startsWith(tmp) && !p.equals(tmp))
              || (p.startsWith("/var/tmp") && !p.equals(Path.of("/var/tmp")));
      if (!underTemp) {
        throw new StartFailure(
            "Elasticsearch runs as user "
                + ES_USER
                + " and cannot reach "
                + dir
                + ": "
                + p
                + " is not world-traversable; use a work dir under /tmp or the repo's .tallyman/");
      }
      perms.add(PosixFilePermission.OTHERS_EXECUTE);
      Files.setPosixFilePermissions(p, perms);
    }
  }

  private static void run(List<String> cmd) {
    ManagedProcess.run(String.join(" ", cmd), cmd, Path.of("/"), Duration.ofSeconds(60));
  }

  /** Unzips the distribution once into a shared cache readable by the unprivileged user. */
  static Path unpacked(StackDist dist) {
    Path target = CACHE.resolve(dist.elasticsearchVersion());
    Path home = target.resolve("elasticsearch-" + dist.elasticsearchVersion());
    if (Files.isExecutable(home.resolve("bin/elasticsearch"))) {
      return home;
    }
    if (!Files.isRegularFile(dist.elasticsearchZip())) {
      throw new StartFailure(
          "Elasticsearch distribution not found at "
              + dist.elasticsearchZip()
              + ": run ./mvnw -B -q -pl deploy package");
    }
    Path staging = CACHE.resolve(".staging-" + UUID.randomUUID());
    try {
      Files.createDirectories(CACHE);
      setPerms(CACHE, "rwxr-xr-x");
      Files.createDirectories(staging);
      setPerms(staging, "rwxr-xr-x");
      unzip(dist.elasticsearchZip(), staging);
      try (var bins = Files.list(staging.resolve(home.getFileName()).resolve("bin"))) {
        for (Path b : (Iterable<Path>) bins::iterator) {
          setPerms(b, "rwxr-xr-x");
        }
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        deleteTree(staging); // a concurrent JVM won the race
      } catch (IOException e) {
        if (!Files.isDirectory(target)) {
          throw e;
        }
        deleteTree(staging);
      }
      return home;
    } catch (IOException e) {
      throw new StartFailure(
          "cannot unpack " + dist.elasticsearchZip() + " into " + target + ": " + e, e);
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    Path base = into.toAbsolutePath().normalize();
    try (InputStream raw = Files.newInputStream(zip);
        ZipInputStream in = new ZipInputStream(new java.io.BufferedInputStream(raw))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path out = base.resolve(e.getName()).normalize();
        if (!out.startsWith(base)) {
          throw new IOException("zip entry escapes the target: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else if (!f.getFileName().toString().equals("elasticsearch.yml")) {
          Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void setPerms(Path p, String perms) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  static void deleteTree(Path dir) {
    Dirs.deleteTree(dir);
  }
}
