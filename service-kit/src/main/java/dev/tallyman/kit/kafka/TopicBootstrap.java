package dev.tallyman.kit.kafka;

import dev.tallyman.contracts.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PostConstruct;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates every topic (and its dead-letter twin) at start-up, before listeners and producers use
 * them: the broker is expected to run with auto-creation off, so a typo fails loudly.
 */
@Context
@Requires(property = "kafka.bootstrap.servers")
@Requires(classes = KafkaClient.class)
@Requires(property = "tallyman.topics.create", notEquals = "false")
public class TopicBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);

  private final Topics topics;
  private final String bootstrapServers;
  private final int partitions;
  private final short replicationFactor;

  public TopicBootstrap(
      Topics topics,
      @Value("${kafka.bootstrap.servers}") String bootstrapServers,
      @Value("${tallyman.topics.partitions:3}") int partitions,
      @Value("${tallyman.topics.replication-factor:1}") short replicationFactor) {
    this.topics = topics;
    this.bootstrapServers = bootstrapServers;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  @PostConstruct
  void createTopics() throws InterruptedException {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000))) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing =
          topics.all().stream()
              .filter(t -> !existing.contains(t))
              .map(
                  t -> {
                    NewTopic n = new NewTopic(t, partitions, replicationFactor);
                    return topics.compacted().contains(t)
                        ? n.configs(Map.of("cleanup.policy", "compact"))
                        : n;
                  })
              .toList();
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
      } catch (ExecutionException e) {
        // another replica created them first
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("could not create topics: " + e.getCause(), e);
        }
      }
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Kafka at " + bootstrapServers + " is not reachable", e);
    }
  }
}
