package dev.tallyman.ingest.webhook;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tallyman.proto.v1.ImageEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the service published, with a plain consumer: a snapshot of the end offsets taken
 * before a request tells exactly which records that request produced.
 */
public final class ImageEventTopic implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;

  public ImageEventTopic(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(i -> new TopicPartition(topic, i.partition()))
            .toList();
    consumer.assign(partitions);
  }

  public Map<TopicPartition, Long> endOffsets() {
    return consumer.endOffsets(partitions, Duration.ofSeconds(30));
  }

  /** Every record after {@code from}, up to the current end. */
  public List<ConsumerRecord<String, byte[]>> recordsSince(Map<TopicPartition, Long> from) {
    Map<TopicPartition, Long> end = endOffsets();
    from.forEach(consumer::seek);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!reached(end) && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(out::add);
    }
    return out.stream()
        .filter(r -> r.offset() < end.get(new TopicPartition(r.topic(), r.partition())))
        .toList();
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  public static ImageEvent parse(ConsumerRecord<String, byte[]> record) {
    try {
      return ImageEvent.parseFrom(record.value());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not an ImageEvent on " + record.topic(), e);
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
