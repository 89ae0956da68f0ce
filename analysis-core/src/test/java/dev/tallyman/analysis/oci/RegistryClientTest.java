package dev.tallyman.analysis.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.DigestMismatchException;
import dev.tallyman.analysis.ImageNotFoundException;
import dev.tallyman.analysis.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol-level behaviour (auth flows, status codes, verification) against a small HTTP server on
 * 127.0.0.1 that answers like a registry. The real registry is exercised by analyzer-service.
 */
class RegistryClientTest {
  private HttpServer server;
  private String host;
  private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String requiredAuth;
  private volatile String challenge;
  private volatile int forcedStatus;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    host = "127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    requests.add(
        path
            + (ex.getRequestURI().getQuery() == null ? "" : "?" + ex.getRequestURI().getQuery())
            + " auth="
            + auth
            + " accept="
            + ex.getRequestHeaders().getFirst("Accept"));
    if (path.equals("/token")) {
      send(ex, 200, "{\"token\":\"tok-1\"}".getBytes(StandardCharsets.UTF_8), "application/json");
      return;
    }
    if (forcedStatus != 0) {
      send(ex, forcedStatus, new byte[0], "text/plain");
      return;
    }
    if (requiredAuth != null && !requiredAuth.equals(auth)) {
      ex.getResponseHeaders().add("WWW-Authenticate", challenge);
      send(ex, 401, new byte[0], "application/json");
      return;
    }
    String[] parts = path.split("/");
    String ref = parts[parts.length - 1];
    byte[] body = path.contains("/manifests/") ? manifests.get(ref) : blobs.get(ref);
    if (body == null) {
      send(
          ex,
          404,
          "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8),
          "application/json");
      return;
    }
    send(
        ex,
        200,
        body,
        path.contains("/manifests/") ? MediaTypes.OCI_MANIFEST : "application/octet-stream");
  }

  private static void send(HttpExchange ex, int status, byte[] body, String type)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  private static final byte[] MANIFEST =
      ("{\"schemaVersion\":2,\"mediaType\":\""
              + MediaTypes.OCI_MANIFEST
              + "\",\"config\":{\"digest\":\"sha256:"
              + "1".repeat(64)
              + "\",\"size\":1},\"layers\":[]}")
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void anonymousBearerTokenFlowAndAcceptHeader() throws IOException {
    manifests.put("v1", MANIFEST);
    requiredAuth = "Bearer tok-1";
    challenge =
        "Bearer realm=\"http://"
            + host
            + "/token\",service=\"test-registry\",scope=\"repository:team/app:pull\"";
    RegistryClient client = new RegistryClient();

    RawManifest m = client.manifest(ImageReference.parse(host + "/team/app:v1"));

    assertThat(m.bytes()).isEqualTo(MANIFEST);
    assertThat(m.digest()).isEqualTo(Digests.sha256(MANIFEST));
    assertThat(m.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(requests)
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("/token?service=test-registry&scope=repository:team/app:pull"));
    assertThat(requests.get(0))
        .contains(MediaTypes.OCI_INDEX)
        .contains(MediaTypes.DOCKER_MANIFEST_LIST)
        .contains(MediaTypes.DOCKER_MANIFEST);
    assertThat(requests.get(requests.size() - 1)).contains("auth=Bearer tok-1");
  }

  @Test
  void basicAuthFromConfiguredCredentials() throws IOException {
    manifests.put("v1", MANIFEST);
    requiredAuth =
        "Basic " + Base64.getEncoder().encodeToString("ci:s3cret".getBytes(StandardCharsets.UTF_8));
    challenge = "Basic realm=\"registry\"";
    RegistryClient client =
        new RegistryClient(
            List.of(new RegistrySettings(host, true, "ci", "s3cret")), Duration.ofSeconds(5));

    assertThat(client.manifest(ImageReference.parse(host + "/app:v1")).bytes()).isEqualTo(MANIFEST);
  }

  @Test
  void missingManifestIsImageNotFound() {
    assertThatThrownBy(
            () -> new RegistryClient().manifest(ImageReference.parse(host + "/app:nope")))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("404");
  }

  @Test
  void manifestPulledByDigestIsVerified() {
    String claimed = "sha256:" + "f".repeat(64);
    manifests.put(claimed, MANIFEST);
    assertThatThrownBy(
            () -> new RegistryClient().manifest(ImageReference.parse(host + "/app@" + claimed)))
        .isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void oversizedManifestIsRefused() {
    manifests.put("huge", new byte[(int) Manifests.MAX_JSON_BYTES + 10]);
    assertThatThrownBy(
            () -> new RegistryClient().manifest(ImageReference.parse(host + "/app:huge")))
        .isInstanceOf(LimitExceededException.class);
  }

  @Test
  void blobWithWrongContentFailsAtEndOfStream() throws IOException {
    byte[] content = "layer bytes".getBytes(StandardCharsets.UTF_8);
    String claimed = "sha256:" + "e".repeat(64);
    blobs.put(claimed, content);
    try (InputStream in =
        new RegistryClient().blob(host, "app", Descriptor.of("x", claimed, content.length))) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
    }
    String good = Digests.sha256(content);
    blobs.put(good, content);
    try (InputStream in =
        new RegistryClient().blob(host, "app", Descriptor.of("x", good, content.length))) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void serverErrorsAreTransientAndDeniedIsPermanent() {
    forcedStatus = 503;
    assertThatThrownBy(() -> new RegistryClient().manifest(ImageReference.parse(host + "/app:v1")))
        .isInstanceOf(RegistryUnavailableException.class);
    forcedStatus = 403;
    assertThatThrownBy(() -> new RegistryClient().manifest(ImageReference.parse(host + "/app:v1")))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("access denied");
  }

  @Test
  void loopbackIsPlainHttpOthersAreHttps() {
    RegistryClient client =
        new RegistryClient(
            List.of(new RegistrySettings("registry.internal:5000", true, null, null)),
            Duration.ofSeconds(1));
    assertThat(client.isPlainHttp("127.0.0.1:5000")).isTrue();
    assertThat(client.isPlainHttp("localhost:5000")).isTrue();
    assertThat(client.isPlainHttp("registry.internal:5000")).isTrue();
    assertThat(client.isPlainHttp("ghcr.io")).isFalse();
  }
}
