package dev.tallyman.report;

import dev.tallyman.contracts.Topics;
import dev.tallyman.deploy.TestStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The report-service started for one test class on the shared Kafka and Elasticsearch, with its own
 * topics, indices and consumer group, named after {@code name} and a random id so classes never see
 * each other's data.
 */
public record ReportService(
    EmbeddedServer server,
    String bootstrap,
    String topicPrefix,
    String indexPrefix,
    String group,
    String base)
    implements AutoCloseable {

  public static ReportService start(String name) {
    return start(name, Map.of());
  }

  /**
   * As {@link #start(String)}, with {@code overrides} replacing or adding properties: another
   * Elasticsearch ({@code elasticsearch.httpHosts}), auth settings, or another service's topic or
   * index prefix to share its data. A part that is overridden is not started from {@link
   * TestStack}.
   */
  public static ReportService start(String name, Map<String, ?> overrides) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> props = new HashMap<>(overrides);
    props.putIfAbsent("micronaut.server.port", -1);
    props.computeIfAbsent("kafka.bootstrap.servers", k -> TestStack.kafka().bootstrapServers());
    props.computeIfAbsent("elasticsearch.httpHosts", k -> TestStack.elasticsearch().httpUrl());
    props.putIfAbsent("tallyman.topics.prefix", name + id);
    props.putIfAbsent("tallyman.report.index-prefix", name + "-" + id + "-findings");
    props.putIfAbsent("tallyman.report.consumer-group", name + "-" + id);
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
    return new ReportService(
        server,
        (String) props.get("kafka.bootstrap.servers"),
        (String) props.get("tallyman.topics.prefix"),
        (String) props.get("tallyman.report.index-prefix"),
        (String) props.get("tallyman.report.consumer-group"),
        server.getURL().toString());
  }

  public Topics topics() {
    return new Topics(topicPrefix);
  }

  @Override
  public void close() {
    server.getApplicationContext().close();
  }
}
