package dev.tallyman.advisory.feed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HTTP feed server on 127.0.0.1 serving the real sample files: a stand-in for a feed's
 * origin or mirror. Can answer 5xx or cut a body short to exercise failure paths.
 */
public final class StandInServer implements AutoCloseable {

  /** One request as received. */
  public record Request(String path, Map<String, String> query, String apiKey) {}

  private final HttpServer server;
  private final Map<String, Function<Map<String, String>, byte[]>> routes =
      new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int failStatus;
  private volatile boolean truncate;

  public StandInServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public StandInServer route(String path, byte[] body) {
    routes.put(path, q -> body);
    return this;
  }

  public StandInServer route(String path, Function<Map<String, String>, byte[]> body) {
    routes.put(path, body);
    return this;
  }

  /** Answer every request with this status (0: serve normally). */
  public void failWith(int status) {
    failStatus = status;
  }

  /** Announce the full length but send only half the body, then drop the connection. */
  public void truncate(boolean on) {
    truncate = on;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath().substring(1);
      Map<String, String> query = new LinkedHashMap<>();
      String raw = ex.getRequestURI().getRawQuery();
      if (raw != null) {
        for (String kv : raw.split("&")) {
          int eq = kv.indexOf('=');
          query.put(
              URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      requests.add(new Request(path, query, ex.getRequestHeaders().getFirst("apiKey")));
      if (failStatus != 0) {
        ex.sendResponseHeaders(failStatus, -1);
        return;
      }
      Function<Map<String, String>, byte[]> route = routes.get(path);
      if (route == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = route.apply(query);
      ex.sendResponseHeaders(200, body.length);
      OutputStream out = ex.getResponseBody();
      if (truncate) {
        out.write(body, 0, body.length / 2);
        out.flush();
        // failing the handler makes the server drop the connection mid-body
        throw new IOException("stand-in cut the body short on purpose");
      }
      out.write(body);
      out.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
