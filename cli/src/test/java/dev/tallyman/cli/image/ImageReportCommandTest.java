package dev.tallyman.cli.image;

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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tallyman image report} and the token option against a real HTTP server on 127.0.0.1. */
class ImageReportCommandTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          requests.add(
              ex.getRequestURI()
                  + " auth="
                  + ex.getRequestHeaders().getFirst("Authorization")
                  + " accept="
                  + ex.getRequestHeaders().getFirst("Accept"));
          byte[] body =
              (status == 200
                      ? "{\"bomFormat\":\"CycloneDX\"}"
                      : "{\"status\":" + status + ",\"reason\":\"no findings indexed\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void fetchesTheExportWithTheToken(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("vex.json");
    int code =
        run(
            "image",
            "report",
            DIGEST,
            "--format",
            "vex",
            "--token",
            "tm_abc",
            "-o",
            file.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(file)).isEqualTo("{\"bomFormat\":\"CycloneDX\"}");
    assertThat(requests)
        .containsExactly(
            "/v1/images/"
                + DIGEST
                + "/findings.vex auth=Bearer tm_abc accept=application/vnd.cyclonedx+json");
  }

  @Test
  void eachFormatHasItsPath() {
    for (String f : List.of("sarif", "csv", "sbom")) {
      run("image", "report", DIGEST, "--format", f);
    }
    assertThat(requests.get(0)).startsWith("/v1/images/" + DIGEST + "/findings.sarif auth=null");
    assertThat(requests.get(1)).startsWith("/v1/images/" + DIGEST + "/findings.csv");
    assertThat(requests.get(2)).startsWith("/v1/images/" + DIGEST + "/sbom?format=cyclonedx-json");
    run("image", "report", DIGEST, "--format", "sbom", "--sbom-format", "spdx-json");
    assertThat(requests.get(3)).startsWith("/v1/images/" + DIGEST + "/sbom?format=spdx-json");
    assertThat(run("image", "report", DIGEST, "--format", "sbom", "--sbom-format", "xml"))
        .isEqualTo(2);
    assertThat(requests).hasSize(4);
  }

  @Test
  void errorsCarryTheServersReasonAndBadDigestsNeverLeave() {
    status = 404;
    assertThat(run("image", "report", DIGEST)).isEqualTo(1);
    assertThat(err.toString()).contains("HTTP 404: no findings indexed");
    assertThat(run("image", "report", "latest")).isEqualTo(2);
    assertThat(requests).hasSize(1);
  }

  @Test
  void findingsSearchSendsTheQueryLanguageAndToken() {
    run(
        "findings",
        "search",
        "--url",
        url(),
        "-q",
        "severity:critical AND kev:true",
        "--sort",
        "cvss:desc",
        "--token",
        "tm_x");
    assertThat(requests.get(0))
        .startsWith("/v1/findings?")
        .contains("q=severity%3Acritical+AND+kev%3Atrue")
        .contains("sort=cvss%3Adesc")
        .contains("auth=Bearer tm_x");
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private int run(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    if (!all.contains("--url")) {
      all.add("--url");
      all.add(url());
    }
    CommandLine cl = TallymanCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(all.toArray(String[]::new));
  }
}
