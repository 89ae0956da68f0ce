package dev.tallyman.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tallyman.cli.TallymanCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tallyman scan request} against a real HTTP server on 127.0.0.1 in ingest's stead. */
class ScanRequestCommandTest {
  @TempDir Path dir;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 202;
  private volatile String answer =
      "{\"eventId\":\"e1\",\"reference\":\"reg.example/app:1\",\"digest\":\"sha256:abc\"}";
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void postsTheReferenceWithTheTokenFromAFile() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret\n");

    int code =
        run(
            Map.of(),
            "scan",
            "request",
            "reg.example/app:1",
            "--url",
            url(),
            "--token-file",
            token.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(requests)
        .containsExactly("POST /v1/scans Bearer s3cret {\"reference\":\"reg.example/app:1\"}");
    assertThat(out.toString()).contains("requested reg.example/app:1 (sha256:abc) as event e1");
  }

  @Test
  void tokenFromTheEnvironmentAndRefusalsAreReported() {
    status = 400;
    answer = "{\"error\":\"reference: not a valid tag\"}";

    int code =
        run(
            Map.of("TALLYMAN_WEBHOOK_TOKEN", "from-env"),
            "scan",
            "request",
            "reg.example/app:BAD!",
            "--url",
            url());

    assertThat(code).isEqualTo(2);
    assertThat(requests.get(0)).contains("Bearer from-env");
    assertThat(err.toString()).contains("HTTP 400: reference: not a valid tag");
  }

  @Test
  void noTokenOrNoServiceIsAClearError() throws Exception {
    assertThat(run(Map.of(), "scan", "request", "reg.example/app:1", "--url", url())).isEqualTo(2);
    assertThat(err.toString()).contains("no token");
    assertThat(requests).isEmpty();

    int port = server.getAddress().getPort();
    server.stop(0);
    assertThat(
            run(
                Map.of("TALLYMAN_WEBHOOK_TOKEN", "t"),
                "scan",
                "request",
                "reg.example/app:1",
                "--url",
                "http://127.0.0.1:" + port))
        .isEqualTo(2);
    assertThat(err.toString()).contains("cannot reach ingest-service");
  }

  @Test
  void plainScanStillDemandsItsTargetAndAdvisories() {
    int code = TallymanCommand.commandLine().setErr(new PrintWriter(err, true)).execute("scan");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("Missing required options and parameters: 'TARGET', '--advisories=PATH'");
    assertThat(requests).isEmpty();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private int run(Map<String, String> env, String... args) {
    CommandLine cli =
        TallymanCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    CommandLine request = cli.getSubcommands().get("scan").getSubcommands().get("request");
    ((ScanRequestCommand) request.getCommand()).environment = env;
    return cli.execute(args);
  }
}
