package dev.tallyman.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real Kafka 4.4 broker (KRaft, combined broker+controller, one node) as a separate {@code java}
 * process on 127.0.0.1. Topics are not auto-created: the services create theirs.
 */
public final class LocalKafka implements KafkaNode {
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String READY_LINE = "Kafka Server started";

  /**
   * How to start: {@code port}/{@code controllerPort} 0 = pick free ones; {@code detached} = own
   * session, outlives this JVM (for {@code tallyman stack up}).
   */
  public record Options(
      Path workDir, int port, int controllerPort, boolean detached, Duration timeout) {
    public static Options in(Path workDir) {
      return new Options(workDir, 0, 0, false, START_TIMEOUT);
    }

    public Options ports(int port, int controllerPort) {
      return new Options(workDir, port, controllerPort, detached, timeout);
    }

    public Options detach() {
      return new Options(workDir, port, controllerPort, true, timeout);
    }

    public Options timeout(Duration t) {
      return new Options(workDir, port, controllerPort, detached, t);
    }
  }

  private final ManagedProcess process;
  private final int port;
  private final int controllerPort;

  private LocalKafka(ManagedProcess process, int port, int controllerPort) {
    this.process = process;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Starts a broker with fresh storage under {@code workDir} on free ports; waits until ready. */
  public static LocalKafka start(Path workDir) {
    return start(Options.in(workDir));
  }

  public static LocalKafka start(Options o) {
    Path dir = o.workDir().toAbsolutePath();
    int port = Ports.orFree(o.port());
    int controllerPort = Ports.orFree(o.controllerPort());
    if (o.port() > 0) {
      Ports.requireFree(port, "kafka");
    }
    if (o.controllerPort() > 0) {
      Ports.requireFree(controllerPort, "kafka controller");
    }
    String cp = StackDist.load().kafkaClasspath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      Files.createDirectories(dir);
      Path data = dir.resolve("data");
      Path props = dir.resolve("server.properties");
      Path log4j = dir.resolve("log4j2.properties");
      Files.writeString(props, serverProperties(port, controllerPort, data));
      Files.writeString(log4j, LOG4J2);
      String log4jOpt = "-Dlog4j2.configurationFile=" + log4j;
      boolean formatted = Files.isRegularFile(data.resolve("meta.properties"));
      if (!formatted) {
        ManagedProcess.run(
            "kafka storage format",
            List.of(
                java,
                log4jOpt,
                "-cp",
                cp,
                "kafka.tools.StorageTool",
                "format",
                "-t",
                clusterId(),
                "-c",
                props.toString()),
            dir,
            Duration.ofSeconds(60));
      }
      ManagedProcess p =
          ManagedProcess.start(
              "kafka",
              List.of(
                  java,
                  "-Xms256m",
                  "-Xmx512m",
                  "-XX:+UseG1GC",
                  "-Djava.awt.headless=true",
                  "-Dkafka.logs.dir=" + dir.resolve("logs"),
                  log4jOpt,
                  "-cp",
                  cp,
                  "kafka.Kafka",
                  props.toString()),
              Map.of(),
              dir,
              dir.resolve("kafka.log"),
              o.detached());
      // A restart appends to the same log: only a ready line written by this run counts.
      p.awaitReady(o.timeout(), () -> p.logContains(READY_LINE) && Ports.accepts(port));
      return new LocalKafka(p, port, controllerPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A Kafka cluster id: 16 random bytes, base64url without padding (like StorageTool random-uuid).
   */
  static String clusterId() {
    SecureRandom rnd = new SecureRandom();
    while (true) {
      byte[] b = new byte[16];
      rnd.nextBytes(b);
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      if (!id.startsWith("-")) { // Kafka rejects ids that look like command-line flags
        return id;
      }
    }
  }

  static String serverProperties(int port, int controllerPort, Path data) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + data,
        "num.partitions=3",
        "default.replication.factor=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=3",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "min.insync.replicas=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "");
  }

  private static final String LOG4J2 =
      String.join(
          "\n",
          "status = warn",
          "appender.console.type = Console",
          "appender.console.name = STDOUT",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = [%d] %p %m (%c)%n",
          "rootLogger.level = info",
          "rootLogger.appenderRef.stdout.ref = STDOUT",
          "logger.kafka.name = kafka",
          "logger.kafka.level = info",
          "logger.state.name = state.change.logger",
          "logger.state.level = warn",
          "");

  /** {@code 127.0.0.1:PORT}. */
  public String bootstrapServers() {
    return Ports.HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  public int controllerPort() {
    return controllerPort;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return process.logFile();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the broker by PID. Storage stays in the work dir. */
  @Override
  public void close() {
    process.close();
  }
}
