package dev.tallyman.analysis.oci.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.oci.RegistryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Small JSON-over-HTTP calls to token services (registry token endpoints, cloud metadata servers,
 * ECR, AAD). Answers are size-capped; error messages name the host and status, never a request body
 * or header, since those carry secrets.
 */
public final class TokenHttp {
  static final int MAX_RESPONSE_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Duration timeout;

  public TokenHttp(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
  }

  public static HttpRequest.BodyPublisher form(Map<String, String> fields) {
    return HttpRequest.BodyPublishers.ofString(
        fields.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&")));
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Sends and parses a 200 JSON answer; {@code what} names the call in errors. */
  public JsonNode json(HttpRequest request, String what) throws IOException {
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(what + ": interrupted");
    }
    try (InputStream body = resp.body()) {
      byte[] bytes = LimitedInputStream.readAll(body, MAX_RESPONSE_BYTES, what + " response");
      int status = resp.statusCode();
      if (status == 429 || status >= 500) {
        throw new RegistryUnavailableException(
            what + " at " + request.uri().getHost() + ": HTTP " + status);
      }
      if (status != 200) {
        throw new AnalysisException(
            what
                + " at "
                + request.uri().getHost()
                + " refused: HTTP "
                + status
                + errorCode(bytes));
      }
      try {
        JsonNode node = JSON.readTree(bytes);
        if (node == null || !node.isObject()) {
          throw new AnalysisException(what + ": answer is not a JSON object");
        }
        return node;
      } catch (IOException e) {
        throw new AnalysisException(what + ": answer is not JSON");
      }
    }
  }

  /** Only well-known error code fields, bounded: error bodies may echo request fields. */
  private static String errorCode(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        return "";
      }
      for (String field : new String[] {"__type", "error", "code"}) {
        JsonNode v = n.get(field);
        if (v != null && v.isTextual() && v.asText().matches("[A-Za-z0-9_.#:-]{1,100}")) {
          return " (" + v.asText() + ")";
        }
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: say nothing more
    }
    return "";
  }

  public static String requireText(JsonNode node, String field, String what) {
    String v = node.path(field).asText("");
    if (v.isEmpty()) {
      throw new AnalysisException(what + ": answer has no " + field);
    }
    return v;
  }

  public Duration timeout() {
    return timeout;
  }
}
