package dev.tallyman.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalElasticsearchTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private Path dir;

  @BeforeEach
  void dir() throws Exception {
    // Mode 700 like JUnit temp dirs: the launcher must make it traversable for the tallyman-es
    // user.
    dir = Files.createTempDirectory(Path.of("/tmp"), "tallyman-es-test-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  @AfterEach
  void clean() {
    LocalElasticsearch.deleteTree(dir);
  }

  @Test
  void nodeAnswersKeepsDataAcrossRestartAndStops() throws Exception {
    LocalElasticsearch es = LocalElasticsearch.start(dir.resolve("es"));
    try {
      assertThat(es.httpUrl()).isEqualTo("http://127.0.0.1:" + es.httpPort());
      String health = get(es.httpUrl() + "/_cluster/health");
      assertThat(health)
          .containsPattern("\"status\":\"(green|yellow)\"")
          .contains("\"number_of_nodes\":1");
      long server = es.serverPid();
      assertThat(server).isPositive();

      String put =
          send(
              HttpRequest.newBuilder(URI.create(es.httpUrl() + "/probe/_doc/1?refresh=true"))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"tallyman\"}")));
      assertThat(put).contains("\"result\":\"created\"");

      es.stop();
      assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(es.healthy()).isFalse();

      es.restart();
      assertThat(get(es.httpUrl() + "/probe/_doc/1"))
          .contains("\"found\":true", "\"name\":\"tallyman\"");
    } finally {
      es.close();
    }
    assertThat(Ports.accepts(es.httpPort())).isFalse();
  }

  private String get(String url) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  private String send(HttpRequest.Builder b) throws Exception {
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return r.body();
  }
}
