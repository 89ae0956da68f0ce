package dev.tallyman.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.contracts.Topics;
import dev.tallyman.deploy.TestStack;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retries, dead-lettering and topic creation against a real Kafka broker. */
class ReliableProcessorKafkaTest {
  private static final RetryPolicy FAST =
      new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));
  private static ApplicationContext context;
  private static String bootstrap;
  private static String prefix;

  @BeforeAll
  static void start() {
    bootstrap = TestStack.kafka().bootstrapServers();
    prefix = "kit" + UUID.randomUUID().toString().substring(0, 8);
    context =
        ApplicationContext.run(
            Map.of("kafka.bootstrap.servers", bootstrap, "tallyman.topics.prefix", prefix));
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void startupCreatedEveryTopicAndItsDeadLetterTwin() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      assertThat(admin.listTopics().names().get())
          .containsAll(context.getBean(Topics.class).all())
          .contains(prefix + ".image-events.dlq");
      String compacted = prefix + ".layer-analyses";
      var resource =
          new org.apache.kafka.common.config.ConfigResource(
              org.apache.kafka.common.config.ConfigResource.Type.TOPIC, compacted);
      assertThat(
              admin
                  .describeConfigs(List.of(resource))
                  .all()
                  .get()
                  .get(resource)
                  .get("cleanup.policy")
                  .value())
          .isEqualTo("compact");
    }
  }

  @Test
  void permanentFailureIsParkedAtOnceWithTheReason() throws Exception {
    String topic = newTopic();
    ConsumerRecord<String, byte[]> rec = record(topic, "k1", "v1");
    AtomicInteger calls = new AtomicInteger();
    context
        .getBean(ReliableProcessor.class)
        .process(
            rec,
            FAST,
            r -> {
              calls.incrementAndGet();
              throw new PermanentFailure("manifest unknown", new IllegalStateException("404"));
            });
    assertThat(calls).hasValue(1);
    ConsumerRecord<String, byte[]> parked = readOne(Topics.dlq(topic));
    assertThat(parked.key()).isEqualTo("k1");
    assertThat(new String(parked.value(), StandardCharsets.UTF_8)).isEqualTo("v1");
    assertThat(header(parked, KafkaHeaders.DLQ_ERROR_MESSAGE)).isEqualTo("manifest unknown <- 404");
    assertThat(header(parked, KafkaHeaders.DLQ_ERROR_CLASS))
        .isEqualTo(PermanentFailure.class.getName());
    assertThat(header(parked, KafkaHeaders.DLQ_SOURCE_TOPIC)).isEqualTo(topic);
    assertThat(header(parked, KafkaHeaders.DLQ_ATTEMPTS)).isEqualTo("1");
  }

  @Test
  void transientFailuresAreRetriedAndNothingIsParkedOnSuccess() throws Exception {
    String topic = newTopic();
    AtomicInteger calls = new AtomicInteger();
    context
        .getBean(ReliableProcessor.class)
        .process(
            record(topic, "k2", "v2"),
            FAST,
            r -> {
              if (calls.incrementAndGet() < 3) {
                throw new java.io.IOException("registry unavailable");
              }
            });
    assertThat(calls).hasValue(3);
    assertThat(poll(Topics.dlq(topic), Duration.ofSeconds(3))).isEmpty();
  }

  @Test
  void exhaustedRetriesParkTheRecordWithTheAttemptCount() throws Exception {
    String topic = newTopic();
    AtomicInteger calls = new AtomicInteger();
    context
        .getBean(ReliableProcessor.class)
        .process(
            record(topic, "k3", "v3"),
            FAST,
            r -> {
              calls.incrementAndGet();
              throw new java.io.IOException("still down");
            });
    assertThat(calls).hasValue(3);
    ConsumerRecord<String, byte[]> parked = readOne(Topics.dlq(topic));
    assertThat(header(parked, KafkaHeaders.DLQ_ATTEMPTS)).isEqualTo("3");
    assertThat(header(parked, KafkaHeaders.DLQ_ERROR_MESSAGE)).isEqualTo("still down");
  }

  private static String newTopic() throws Exception {
    String topic = prefix + ".t" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 1, (short) 1), new NewTopic(Topics.dlq(topic), 1, (short) 1)))
          .all()
          .get();
    }
    return topic;
  }

  private static ConsumerRecord<String, byte[]> record(String topic, String key, String value) {
    return new ConsumerRecord<>(topic, 0, 42L, key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static ConsumerRecord<String, byte[]> readOne(String topic) {
    List<ConsumerRecord<String, byte[]>> got = poll(topic, Duration.ofSeconds(20));
    assertThat(got).hasSize(1);
    return got.get(0);
  }

  private static List<ConsumerRecord<String, byte[]>> poll(String topic, Duration howLong) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "kit-test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long end = System.nanoTime() + howLong.toNanos();
      while (System.nanoTime() < end && out.isEmpty()) {
        c.poll(Duration.ofMillis(300)).forEach(out::add);
      }
      // a short grace period so a second, unexpected record would be seen too
      c.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
