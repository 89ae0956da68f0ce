package dev.tallyman.report;

import dev.tallyman.contracts.Topics;
import dev.tallyman.deploy.TestStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import java.util.UUID;

/**
 * The report-service started for one test class on the shared Kafka and Elasticsearch, with its own
 * topics, indices and consumer group, named after {@code name} and a random id so classes never see
 * each other's data.
 */
public record ReportService(
    EmbeddedServer server, String bootstrap, Topics topics, String group, String base)
    implements AutoCloseable {

  public static ReportService start(String name) {
    String bootstrap = TestStack.kafka().bootstrapServers();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String group = name + "-" + id;
    EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "kafka.bootstrap.servers",
                bootstrap,
                "elasticsearch.httpHosts",
                TestStack.elasticsearch().httpUrl(),
                "tallyman.topics.prefix",
                name + id,
                "tallyman.report.index-prefix",
                group + "-findings",
                "tallyman.report.consumer-group",
                group));
    return new ReportService(
        server, bootstrap, new Topics(name + id), group, server.getURL().toString());
  }

  @Override
  public void close() {
    server.getApplicationContext().close();
  }
}
