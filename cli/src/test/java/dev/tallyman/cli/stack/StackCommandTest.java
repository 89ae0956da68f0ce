package dev.tallyman.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.cli.TallymanCommand;
import dev.tallyman.deploy.Dirs;
import dev.tallyman.deploy.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Real processes: `stack up --infra-only` on free ports in a temp home, status, down. */
class StackCommandTest {
  private Path home;
  private final List<String> ports = new ArrayList<>();

  @BeforeEach
  void home() throws Exception {
    home = Files.createTempDirectory(Path.of("/tmp"), "tallyman-stack-test-");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String opt :
        List.of(
            "--kafka-port",
            "--kafka-controller-port",
            "--es-port",
            "--es-transport-port",
            "--registry-port")) {
      ports.add(opt);
      ports.add(Integer.toString(Ports.free()));
    }
  }

  @AfterEach
  void cleanup() {
    run(
        "stack",
        "down",
        "--home",
        home.toString()); // never leave processes behind, even on failure
    Dirs.deleteTree(home);
  }

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TallymanCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private String[] up(String... extra) {
    List<String> a =
        new ArrayList<>(List.of("stack", "up", "--infra-only", "--home", home.toString()));
    a.addAll(ports);
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  private int port(String option) {
    return Integer.parseInt(ports.get(ports.indexOf(option) + 1));
  }

  @Test
  void upStatusDownOfTheInfrastructure() throws Exception {
    Result up = run(up());
    assertThat(up.code()).as(up.out() + up.err()).isZero();
    assertThat(up.out())
        .contains("127.0.0.1:" + port("--kafka-port"), "http://127.0.0.1:" + port("--es-port"));

    PidFiles pids = new PidFiles(home.resolve(".tallyman/pids"));
    assertThat(pids.names())
        .containsExactlyInAnyOrder("kafka", "elasticsearch", "elasticsearch-node", "registry");
    List<Long> pidList = new ArrayList<>();
    for (String n : pids.names()) {
      PidFiles.Entry e = pids.read(n).orElseThrow();
      assertThat(e.running()).as(n).isTrue();
      pidList.add(e.pid());
    }
    assertThat(Files.readString(home.resolve(".tallyman/stack.properties")))
        .contains("registry.port=" + port("--registry-port"));
    String token = Files.readString(home.resolve(".tallyman/webhook-token")).strip();
    assertThat(token).matches("[0-9a-f]{64}");
    assertThat(Files.readString(home.resolve(".tallyman/registry/config.yml")))
        .contains("Bearer " + token, "/v1/webhooks/distribution");
    assertThat(Files.isRegularFile(home.resolve(".tallyman/logs/kafka.log"))).isTrue();

    HttpResponse<String> v2 =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port("--registry-port") + "/v2/"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(v2.statusCode()).isEqualTo(200);
    assertThat(Ports.accepts(port("--kafka-port"))).isTrue();

    Result status = run("stack", "status", "--home", home.toString());
    assertThat(status.code()).as(status.out()).isZero();
    assertThat(status.out()).contains("kafka", "elasticsearch", "registry", "running");

    // a second `up` sees the running stack and does not start another one
    Result again = run(up());
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("already running");
    assertThat(pids.read("kafka").orElseThrow().pid())
        .isEqualTo(pidList.get(pids.names().indexOf("kafka")));

    Result down = run("stack", "down", "--home", home.toString());
    assertThat(down.code()).isZero();
    assertThat(down.out())
        .contains("stopping kafka", "stopping elasticsearch", "stopping registry");
    for (long pid : pidList) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("pid " + pid)
          .isFalse();
    }
    assertThat(pids.names()).isEmpty();
    assertThat(run("stack", "status", "--home", home.toString()).code()).isEqualTo(3);
  }

  @Test
  void aTakenPortFailsClearlyBeforeAnythingStarts() throws Exception {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int taken = squatter.getLocalPort();
      ports.set(ports.indexOf("--registry-port") + 1, Integer.toString(taken));
      Result up = run(up());
      assertThat(up.code()).isEqualTo(1);
      assertThat(up.err()).contains("port(s) already in use", taken + " (registry)");
      assertThat(new PidFiles(home.resolve(".tallyman/pids")).names()).isEmpty();
    }
  }
}
