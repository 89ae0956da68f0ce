package dev.tallyman.advisory.service.replica;

import dev.tallyman.advisory.service.feed.AdvisoryStore;
import dev.tallyman.contracts.Topics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import java.util.List;
import java.util.Locale;

/**
 * Replicated serving is on with {@code tallyman.advisories.replication.enabled=true} and a broker
 * ({@code tallyman.advisories.replication.bootstrap-servers}, default {@code
 * kafka.bootstrap.servers}); off by default so a single instance and the local stack run as before.
 */
@Factory
public class ReplicationFactory {

  @Context
  @Bean(preDestroy = "close")
  @Requires(property = "tallyman.advisories.replication.enabled", value = "true")
  Replication replication(
      AdvisoryStore store,
      Topics topics,
      @Value("${tallyman.advisories.replication.bootstrap-servers:}") String ownBootstrap,
      @Value("${kafka.bootstrap.servers:}") String kafkaBootstrap,
      @Value("${tallyman.advisories.roles:sync,serve}") List<String> roles,
      @Value("${tallyman.topics.partitions:3}") int partitions,
      @Value("${tallyman.topics.replication-factor:1}") short replicationFactor) {
    String bootstrap = ownBootstrap.isBlank() ? kafkaBootstrap : ownBootstrap;
    if (bootstrap.isBlank()) {
      throw new IllegalArgumentException(
          "tallyman.advisories.replication.enabled needs kafka.bootstrap.servers");
    }
    boolean sync =
        roles.stream().map(r -> r.trim().toLowerCase(Locale.ROOT)).anyMatch("sync"::equals);
    Replication r =
        new Replication(bootstrap, topics.advisories(), topics.advisoryChanges(), store::rebuild);
    r.start(sync, partitions, replicationFactor);
    return r;
  }
}
