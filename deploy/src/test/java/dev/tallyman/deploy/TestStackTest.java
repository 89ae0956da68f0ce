package dev.tallyman.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class TestStackTest {
  @Test
  void sharedPartsAreStartedOnceAndAnswer() throws Exception {
    LocalKafka kafka = TestStack.kafka();
    assertThat(TestStack.kafka()).isSameAs(kafka);
    assertThat(Ports.accepts(kafka.port())).isTrue();
    assertThat(kafka.logFile()).startsWith(TestStack.workDir());

    LocalRegistry registry = TestStack.registry();
    assertThat(TestStack.registry()).isSameAs(registry);
    assertThat(registry.answers()).isTrue();

    LocalElasticsearch es = TestStack.elasticsearch();
    assertThat(TestStack.elasticsearch()).isSameAs(es);
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(es.httpUrl() + "/_cluster/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).containsPattern("\"status\":\"(green|yellow)\"");
  }
}
