package dev.tallyman.analyzer.lanes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tallyman.deploy.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The lanes against a real broker: with a 1,000-event backlog on the bulk lane, a push that arrives
 * while the backlog is being worked off is the very next event handled.
 */
class LaneConsumerKafkaTest {
  private static final int BULK = 1000;
  private static final int PUSH_AFTER = 100;

  @Test
  void aPushOvertakesTheBulkBacklog() throws Exception {
    String bootstrap = TestStack.kafka().bootstrapServers();
    String prefix = "lanes-" + UUID.randomUUID().toString().substring(0, 8);
    String priority = prefix + ".image-events";
    String bulk = prefix + ".image-events-bulk";
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(new NewTopic(priority, 3, (short) 1), new NewTopic(bulk, 3, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // Not idempotent: a fresh single broker once answered this burst with
    // OUT_OF_ORDER_SEQUENCE_NUMBER
    // on every retry and the backlog never arrived; one request in flight keeps order without it.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    List<String> handled = new CopyOnWriteArrayList<>();
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < BULK; i++) {
        producer.send(new ProducerRecord<>(bulk, "sha256:bulk-" + i, new byte[] {1}));
      }
      producer.flush();

      LaneConsumer lanes =
          new LaneConsumer(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ConsumerConfig.GROUP_ID_CONFIG,
                  prefix + "-analyzer"),
              priority,
              bulk,
              record -> {
                handled.add(record.topic().equals(priority) ? "PUSH" : record.key());
                if (handled.size() == PUSH_AFTER) {
                  // a registry push lands while the bulk backlog is being worked off
                  try {
                    producer
                        .send(new ProducerRecord<>(priority, "sha256:pushed", new byte[] {2}))
                        .get(30, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      Thread thread = new Thread(lanes, "lanes-test");
      thread.start();
      try {
        await().atMost(Duration.ofMinutes(3)).until(() -> handled.size() == BULK + 1);
      } finally {
        lanes.close();
        thread.join(15_000);
      }
    }

    // the push is handled right after the event in flight when it arrived, ahead of 900 others
    assertThat(handled.indexOf("PUSH")).isEqualTo(PUSH_AFTER);
    assertThat(handled.subList(PUSH_AFTER + 1, handled.size())).hasSize(BULK - PUSH_AFTER);
    assertThat(handled).doesNotHaveDuplicates().hasSize(BULK + 1);
  }
}
