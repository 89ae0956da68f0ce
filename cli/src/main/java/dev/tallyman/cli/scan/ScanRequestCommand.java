package dev.tallyman.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tallyman scan request REF}: asks a running ingest-service to scan an image now ({@code
 * POST /v1/scans}, priority lane). The token comes from a file or the environment, never from the
 * command line (which other users can read in the process list).
 */
@Command(
    name = "request",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the Tallyman services to scan REF (host[:port]/repository[:tag][@digest]) now.",
      "Exit codes: 0 accepted, 2 refused or unreachable."
    })
public final class ScanRequestCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ANSWER_BYTES = 64 * 1024;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF", description = "the image reference")
  String reference;

  @Option(
      names = "--url",
      defaultValue = "${TALLYMAN_INGEST_URL:-http://127.0.0.1:8081}",
      description = "ingest-service base URL (default: ${DEFAULT-VALUE}; env TALLYMAN_INGEST_URL)")
  String url;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "file holding the API token (else env TALLYMAN_WEBHOOK_TOKEN)")
  Path tokenFile;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      description = "Seconds to wait for an answer (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  /** Where the environment comes from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String token;
    try {
      token = token();
    } catch (IOException | IllegalArgumentException e) {
      err.println("tallyman scan request: " + e.getMessage());
      return 2;
    }
    URI base;
    try {
      base = URI.create(url.replaceAll("/+$", ""));
      if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme()))
          || base.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      err.println("tallyman scan request: --url must be an http(s) URL, got '" + url + "'");
      return 2;
    }
    Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    int status;
    JsonNode answer;
    try {
      byte[] body = JSON.writeValueAsBytes(Map.of("reference", reference));
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/scans"))
                  .timeout(timeout)
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      status = response.statusCode();
      byte[] bytes;
      try (InputStream in = response.body()) {
        bytes = in.readNBytes(MAX_ANSWER_BYTES);
      }
      answer = parse(bytes);
    } catch (IOException e) {
      err.println(
          "tallyman scan request: cannot reach ingest-service at "
              + base
              + " ("
              + e.getClass().getSimpleName()
              + "); is it running?");
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
    if (status != 202) {
      String reason = answer == null ? "" : answer.path("error").asText("");
      err.println(
          "tallyman scan request: refused with HTTP "
              + status
              + (reason.isEmpty() ? "" : ": " + reason));
      return 2;
    }
    String digest = answer == null ? "" : answer.path("digest").asText("");
    out.println(
        "requested "
            + (answer == null ? reference : answer.path("reference").asText(reference))
            + (digest.isEmpty() ? "" : " (" + digest + ")")
            + " as event "
            + (answer == null ? "?" : answer.path("eventId").asText("?")));
    return 0;
  }

  private String token() throws IOException {
    String value;
    if (tokenFile != null) {
      if (Files.size(tokenFile) > 64 * 1024) {
        throw new IllegalArgumentException("token file " + tokenFile + " is over 64 KiB");
      }
      value = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    } else {
      value = environment.getOrDefault("TALLYMAN_WEBHOOK_TOKEN", "").strip();
    }
    if (value.isEmpty() || value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException(
          "no token: pass --token-file FILE or set TALLYMAN_WEBHOOK_TOKEN");
    }
    return value;
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return bytes.length == 0 ? null : JSON.readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }
}
