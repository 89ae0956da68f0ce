package dev.tallyman.ingest.webhook;

import dev.tallyman.deploy.TestStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real ingest service on 127.0.0.1 with its own topic prefix on the shared test broker, and a
 * reader of its image-events topic. Flavour tests configure the secrets they need.
 */
public final class WebhookTestServer implements AutoCloseable {
  private final EmbeddedServer server;
  private final ImageEventTopic topic;
  private final HttpClient http = HttpClient.newHttpClient();

  public WebhookTestServer(Map<String, Object> properties) {
    String bootstrap = TestStack.kafka().bootstrapServers();
    String prefix = "ingest" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> props = new HashMap<>(properties);
    props.put("kafka.bootstrap.servers", bootstrap);
    props.put("micronaut.server.port", -1);
    props.put("tallyman.topics.prefix", prefix);
    server = ApplicationContext.run(EmbeddedServer.class, props);
    topic = new ImageEventTopic(bootstrap, prefix + ".image-events");
  }

  public java.net.URI uri(String pathAndQuery) {
    return server.getURI().resolve(pathAndQuery);
  }

  public ImageEventTopic topic() {
    return topic;
  }

  /** POSTs {@code body} as JSON to {@code pathAndQuery} with the given extra headers. */
  public HttpResponse<String> post(String pathAndQuery, byte[] body, String... headerPairs)
      throws IOException, InterruptedException {
    return postAs("application/json", pathAndQuery, body, headerPairs);
  }

  public HttpResponse<String> postAs(
      String contentType, String pathAndQuery, byte[] body, String... headerPairs)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.getURI().resolve(pathAndQuery))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      request.header(headerPairs[i], headerPairs[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    topic.close();
    server.close();
  }
}
