package dev.tallyman.cli.findings;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tallyman.cli.TallymanCommand;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code tallyman findings search} against a real HTTP server on 127.0.0.1. */
class FindingsSearchCommandTest {
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile byte[] body;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("testdata/findings-page.json")) {
      body = in.readAllBytes();
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestURI().toString());
          exchange.getResponseHeaders().add("Content-Type", "application/json");
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
  void rendersATable() {
    int code = run("findings", "search", "--url", url(), "--package", "openssl");

    assertThat(code).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly(
            "VULNERABILITY", "CVE", "SEVERITY", "PACKAGE", "VERSION", "FIXED", "IMAGE");
    assertThat(lines.get(1).split("\\s+"))
        .containsExactly(
            "CVE-2023-45853",
            "-", // the id is the CVE already
            "critical",
            "zlib1g",
            "1:1.2.13.dfsg-1",
            "-",
            "library/debian@sha256:4f1cd6a1b2c3");
    assertThat(lines.get(2).split("\\s+"))
        .containsExactly(
            "DSA-5621-1",
            "CVE-2024-0727", // a DSA's CVE alias is shown beside it
            "high",
            "openssl",
            "3.0.11-1~deb12u1",
            "3.0.13-1~deb12u1",
            "library/debian@sha256:4f1cd6a1b2c3");
    // columns are aligned: every column starts at the same offset on each line
    assertThat(lines.get(1).indexOf("critical")).isEqualTo(lines.get(0).indexOf("SEVERITY"));
    assertThat(lines.get(2).indexOf("3.0.13")).isEqualTo(lines.get(0).indexOf("FIXED"));
    assertThat(lines.get(3)).isEqualTo("3 findings; showing 1-2 (page 0)");
  }

  @Test
  void sendsEveryFilterAsQueryParameters() {
    run(
        "findings",
        "search",
        "--url",
        url() + "/",
        "--vulnerability",
        "CVE-2024-0727",
        "--package",
        "openssl",
        "--digest",
        "sha256:ab",
        "--repository",
        "library/debian",
        "--severity",
        "high",
        "--severity",
        "critical",
        "--page",
        "1",
        "--size",
        "10");

    assertThat(requests)
        .containsExactly(
            "/v1/findings?vulnerability=CVE-2024-0727&package=openssl&digest=sha256%3Aab"
                + "&repository=library%2Fdebian&severity=high&severity=critical&page=1&size=10");
  }

  @Test
  void printsJsonWhenAsked() throws Exception {
    int code = run("findings", "search", "--url", url(), "--format", "json");

    assertThat(code).isZero();
    var printed = FindingsClient.JSON.readTree(out.toString());
    assertThat(printed).isEqualTo(FindingsClient.JSON.readTree(body));
  }

  @Test
  void anErrorAnswerExitsOneWithTheReason() {
    status = 400;
    body =
        "{\"status\":400,\"reason\":\"unknown severity 'severe'\"}"
            .getBytes(StandardCharsets.UTF_8);

    int code = run("findings", "search", "--url", url(), "--severity", "severe");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("HTTP 400").contains("unknown severity 'severe'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnreachableServiceExitsOneWithAClearMessage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    int code = run("findings", "search", "--url", "http://127.0.0.1:" + port, "--timeout", "5");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach report-service at http://127.0.0.1:" + port);
  }

  @Test
  void notFindingsJsonIsAnError() {
    body = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);

    assertThat(run("findings", "search", "--url", url())).isEqualTo(1);
    assertThat(err.toString()).contains("did not answer with findings JSON");
  }

  @Test
  void aBadUrlIsRefused() {
    assertThat(run("findings", "search", "--url", "file:///etc/passwd")).isEqualTo(1);
    assertThat(err.toString()).contains("--url must be an http(s) URL");
    assertThat(requests).isEmpty();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private int run(String... args) {
    return TallymanCommand.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
