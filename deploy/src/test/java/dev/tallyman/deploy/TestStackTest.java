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
    KafkaNode kafka = TestStack.kafka();
    assertThat(TestStack.kafka()).isSameAs(kafka);
    assertThat(Ports.accepts(kafka.port())).isTrue();
    assertThat(kafka.logFile()).startsWith(TestStack.workDir());

    RegistryNode registry = TestStack.registry();
    assertThat(TestStack.registry()).isSameAs(registry);
    assertThat(registry.answers()).isTrue();

    SearchNode es = TestStack.elasticsearch();
    assertThat(TestStack.elasticsearch()).isSameAs(es);
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(es.httpUrl() + "/_cluster/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).containsPattern("\"status\":\"(green|yellow)\"");
  }

  @Test
  void modeIsProcessesWithoutADockerEngineAndCanBeForced() {
    String before = System.getProperty("tallyman.teststack");
    try {
      System.setProperty("tallyman.teststack", "processes");
      assertThat(TestStack.containers()).isFalse();
      System.setProperty("tallyman.teststack", "containers");
      assertThat(TestStack.containers()).isTrue();
      System.setProperty("tallyman.teststack", "vm");
      org.assertj.core.api.Assertions.assertThatThrownBy(TestStack::containers)
          .hasMessageContaining("auto, processes or containers");
      System.setProperty("tallyman.teststack", "auto");
      // Auto picks containers exactly when a Docker engine answers.
      assertThat(TestStack.containers())
          .isEqualTo(dev.tallyman.deploy.containers.Docker.available());
    } finally {
      if (before == null) {
        System.clearProperty("tallyman.teststack");
      } else {
        System.setProperty("tallyman.teststack", before);
      }
    }
  }
}
