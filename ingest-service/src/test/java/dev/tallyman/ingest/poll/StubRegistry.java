package dev.tallyman.ingest.poll;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny distribution API on 127.0.0.1 for what the real registry cannot show: pagination of both
 * lists (page size 2, whatever {@code n} says), a registry that omits Docker-Content-Digest for one
 * repository, 429 with Retry-After, and the bearer-token flow with Basic credentials.
 */
final class StubRegistry implements AutoCloseable {
  static final int PAGE = 2;
  static final String TOKEN = "tok-" + System.nanoTime();

  private final HttpServer server;
  // repository -> tag -> manifest bytes
  final Map<String, Map<String, byte[]>> images = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger tooManyRequests = new AtomicInteger();
  volatile String password = "first-password";
  volatile String noDigestHeaderFor = "";

  StubRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", this::token);
    server.createContext("/v2/", this::v2);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void put(String repository, String tag, String manifest) {
    images
        .computeIfAbsent(repository, r -> new ConcurrentHashMap<>())
        .put(tag, manifest.getBytes(StandardCharsets.UTF_8));
  }

  private void token(HttpExchange x) throws IOException {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("poller:" + password).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
      send(x, 401, "{}");
      return;
    }
    send(x, 200, "{\"token\":\"" + TOKEN + "\"}");
  }

  private void v2(HttpExchange x) throws IOException {
    URI uri = x.getRequestURI();
    requests.add(x.getRequestMethod() + " " + uri);
    if (!("Bearer " + TOKEN).equals(x.getRequestHeaders().getFirst("Authorization"))) {
      x.getResponseHeaders()
          .add(
              "WWW-Authenticate",
              "Bearer realm=\"" + url() + "/token\",service=\"stub\",scope=\"repository:x:pull\"");
      send(x, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
      return;
    }
    if (tooManyRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      x.getResponseHeaders().add("Retry-After", "0");
      send(x, 429, "{}");
      return;
    }
    String path = uri.getPath();
    if (path.equals("/v2/_catalog")) {
      page(x, "repositories", new ArrayList<>(new TreeMap<>(images).keySet()), "/v2/_catalog");
    } else if (path.endsWith("/tags/list")) {
      String repo = path.substring(4, path.length() - "/tags/list".length());
      Map<String, byte[]> tags = images.get(repo);
      if (tags == null) {
        send(x, 404, "{}");
        return;
      }
      page(x, "tags", new ArrayList<>(new TreeMap<>(tags).keySet()), path);
    } else if (path.contains("/manifests/")) {
      int at = path.indexOf("/manifests/");
      String repo = path.substring(4, at);
      String tag = path.substring(at + "/manifests/".length());
      byte[] manifest = images.getOrDefault(repo, Map.of()).get(tag);
      if (manifest == null) {
        send(x, 404, "{}");
        return;
      }
      x.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
      if (!repo.equals(noDigestHeaderFor)) {
        x.getResponseHeaders().add("Docker-Content-Digest", RegistryClient.sha256(manifest));
      }
      if (x.getRequestMethod().equals("HEAD")) {
        x.sendResponseHeaders(200, -1);
        x.close();
      } else {
        x.sendResponseHeaders(200, manifest.length);
        x.getResponseBody().write(manifest);
        x.close();
      }
    } else {
      send(x, 404, "{}");
    }
  }

  private void page(HttpExchange x, String field, List<String> all, String path)
      throws IOException {
    String query = x.getRequestURI().getQuery() == null ? "" : x.getRequestURI().getQuery();
    String last = "";
    for (String kv : query.split("&")) {
      if (kv.startsWith("last=")) {
        last = kv.substring(5);
      }
    }
    String after = last;
    List<String> rest = all.stream().filter(s -> s.compareTo(after) > 0).toList();
    List<String> page = rest.subList(0, Math.min(PAGE, rest.size()));
    if (rest.size() > PAGE) {
      x.getResponseHeaders()
          .add(
              "Link",
              "<" + path + "?last=" + page.get(page.size() - 1) + "&n=" + PAGE + ">; rel=\"next\"");
    }
    StringBuilder json = new StringBuilder("{\"" + field + "\":[");
    for (int i = 0; i < page.size(); i++) {
      json.append(i == 0 ? "" : ",").append('"').append(page.get(i)).append('"');
    }
    send(x, 200, json.append("]}").toString());
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
