package dev.tallyman.cli.findings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls report-service's search API with java.net.http. */
public final class FindingsClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Bounds what a misbehaving server can make us hold in memory. */
  static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private final String token;

  public FindingsClient(URI base, Duration timeout) {
    this(base, timeout, null);
  }

  /**
   * @param token API token or JWT sent as {@code Authorization: Bearer}; null when report-service
   *     runs without authentication
   */
  public FindingsClient(URI base, Duration timeout, String token) {
    String scheme = base.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
      throw new IllegalArgumentException("--url must be an http(s) URL, got '" + base + "'");
    }
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    if (token != null && token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException("--token contains whitespace or non-ASCII characters");
    }
    this.token = token == null || token.isBlank() ? null : token;
  }

  /** The parsed answer and its pretty-printed JSON. */
  public record Result(JsonNode body) {
    public String prettyJson() {
      try {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A failure the user should read: unreachable service or an error answer. */
  public static final class FindingsException extends Exception {
    public FindingsException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public Result search(FindingsFilter filter) throws FindingsException {
    byte[] bytes = fetch("/v1/findings?" + filter.queryString(), "application/json");
    String root = base.toString().replaceAll("/+$", "");
    JsonNode body = parse(bytes);
    if (body == null || !body.isObject() || !body.path("items").isArray()) {
      throw new FindingsException(
          "report-service at " + root + " did not answer with findings JSON", null);
    }
    return new Result(body);
  }

  /** GETs {@code pathAndQuery}; the body of a 200, else the server's reason as the exception. */
  public byte[] fetch(String pathAndQuery, String accept) throws FindingsException {
    String root = base.toString().replaceAll("/+$", "");
    URI uri = URI.create(root + pathAndQuery);
    int status;
    byte[] bytes;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept).GET();
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<java.io.InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      status = response.statusCode();
      try (java.io.InputStream in = response.body()) {
        bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      }
    } catch (IOException e) {
      throw new FindingsException(
          "cannot reach report-service at " + root + " (" + describe(e) + "); is it running?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FindingsException("interrupted while waiting for " + root, e);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new FindingsException(
          "answer from " + root + " is larger than " + MAX_BODY_BYTES + " bytes", null);
    }
    if (status != 200) {
      JsonNode body = parse(bytes);
      String reason =
          body != null && body.hasNonNull("reason")
              ? body.get("reason").asText()
              : clip(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      throw new FindingsException("report-service answered HTTP " + status + ": " + reason, null);
    }
    return bytes;
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  private static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
