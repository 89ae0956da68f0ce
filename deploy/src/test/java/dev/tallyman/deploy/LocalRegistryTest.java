package dev.tallyman.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRegistryTest {
  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newHttpClient();

  private static final java.util.regex.Pattern PUSH =
      java.util.regex.Pattern.compile("\"action\":\\s*\"push\"");

  record Received(String authorization, String contentType, String body) {}

  @Test
  void pushOfBlobAndManifestIsNotifiedWithOurHeader() throws Exception {
    LinkedBlockingQueue<Received> events = new LinkedBlockingQueue<>();
    HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.createContext(
        "/hook",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          events.add(
              new Received(
                  ex.getRequestHeaders().getFirst("Authorization"),
                  ex.getRequestHeaders().getFirst("Content-Type"),
                  body));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    endpoint.start();
    String hook = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
    try (LocalRegistry registry =
        LocalRegistry.start(
            LocalRegistry.Options.in(tmp.resolve("reg"))
                .notifications(hook, Map.of("Authorization", "Bearer s3cret")))) {
      assertThat(registry.hostPort()).isEqualTo("127.0.0.1:" + registry.port());
      assertThat(status(HttpRequest.newBuilder(URI.create(registry.url() + "/v2/")).GET()))
          .isEqualTo(200);

      byte[] config =
          "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
              .getBytes(StandardCharsets.UTF_8);
      String configDigest = pushBlob(registry, "demo/probe", config);
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
              + configDigest
              + "\",\"size\":"
              + config.length
              + "},\"layers\":[]}";
      int put =
          status(
              HttpRequest.newBuilder(URI.create(registry.url() + "/v2/demo/probe/manifests/1.0"))
                  .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                  .PUT(HttpRequest.BodyPublishers.ofString(manifest)));
      assertThat(put).isEqualTo(201);

      Received manifestPush = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (manifestPush == null && System.nanoTime() < deadline) {
        Received r = events.poll(1, TimeUnit.SECONDS);
        if (r != null
            && PUSH.matcher(r.body()).find()
            && r.body().replaceAll("\\s", "").contains("\"tag\":\"1.0\"")) {
          manifestPush = r;
        }
      }
      assertThat(manifestPush).as("push event for the manifest").isNotNull();
      assertThat(manifestPush.authorization()).isEqualTo("Bearer s3cret");
      assertThat(manifestPush.contentType())
          .contains("application/vnd.docker.distribution.events.v1+json");
      assertThat(manifestPush.body())
          .containsPattern("\"repository\":\\s*\"demo/probe\"")
          .contains(configDigest);
    } finally {
      endpoint.stop(0);
    }
  }

  @Test
  void htpasswdProtectsTheApiAndCloseStopsTheProcess() throws Exception {
    LocalRegistry registry =
        LocalRegistry.start(
            LocalRegistry.Options.in(tmp.resolve("auth")).htpasswd("alice", "pa ss"));
    long pid = registry.pid();
    try {
      assertThat(status(HttpRequest.newBuilder(URI.create(registry.url() + "/v2/")).GET()))
          .isEqualTo(401);
      String basic =
          Base64.getEncoder().encodeToString("alice:pa ss".getBytes(StandardCharsets.UTF_8));
      assertThat(
              status(
                  HttpRequest.newBuilder(URI.create(registry.url() + "/v2/"))
                      .header("Authorization", "Basic " + basic)
                      .GET()))
          .isEqualTo(200);
      String wrong =
          Base64.getEncoder().encodeToString("alice:nope".getBytes(StandardCharsets.UTF_8));
      assertThat(
              status(
                  HttpRequest.newBuilder(URI.create(registry.url() + "/v2/"))
                      .header("Authorization", "Basic " + wrong)
                      .GET()))
          .isEqualTo(401);
    } finally {
      registry.close();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void configQuotesValuesAndRejectsControlCharacters() {
    String y =
        LocalRegistry.config(
            LocalRegistry.Options.in(tmp)
                .notifications("http://127.0.0.1:1/h", Map.of("X-A", "a\"b")),
            5000,
            tmp.resolve("s"),
            null);
    assertThat(y)
        .contains("addr: 127.0.0.1:5000", "\"X-A\": [\"a\\\"b\"]", "includereferences: true");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                LocalRegistry.config(
                    LocalRegistry.Options.in(tmp).notifications("http://x\n  evil: 1", Map.of()),
                    5000,
                    tmp,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private String pushBlob(LocalRegistry registry, String repo, byte[] content) throws Exception {
    String digest =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    HttpResponse<Void> start =
        http.send(
            HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(start.statusCode()).isEqualTo(202);
    String location = start.headers().firstValue("Location").orElseThrow();
    URI target = URI.create(registry.url()).resolve(location);
    String sep = target.getQuery() == null ? "?" : "&";
    int put =
        status(
            HttpRequest.newBuilder(URI.create(target + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    assertThat(put).isEqualTo(201);
    return digest;
  }

  private int status(HttpRequest.Builder b) throws Exception {
    return http.send(
            b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
