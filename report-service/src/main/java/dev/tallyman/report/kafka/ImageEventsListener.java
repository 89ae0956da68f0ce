package dev.tallyman.report.kafka;

import dev.tallyman.contracts.Topics;
import dev.tallyman.kit.kafka.ReliableProcessor;
import dev.tallyman.kit.kafka.RetryPolicy;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads both image-event lanes in its own consumer group and applies the deletes (pushes are the
 * analyzers' business and are skipped). Offsets are committed once the deletes are written.
 */
@KafkaListener(
    groupId = "${tallyman.report.consumer-group:" + FindingsListener.GROUP + "}-image-events",
    batch = true,
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC,
    properties = {@Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "500")})
@Requires(property = "kafka.bootstrap.servers")
public class ImageEventsListener {
  private final ReliableProcessor processor;
  private final ImageDeletesWork work;
  private final RetryPolicy untilWritten;

  public ImageEventsListener(
      ReliableProcessor processor,
      ImageDeletesWork work,
      @Value("${tallyman.report.retry-max-delay:30s}") Duration maxDelay) {
    this.processor = processor;
    this.work = work;
    this.untilWritten =
        RetryPolicy.forever(Duration.ofMillis(Math.min(500, maxDelay.toMillis())), maxDelay);
  }

  @Topic({
    "${tallyman.topics.prefix:tallyman}." + Topics.IMAGE_EVENTS,
    "${tallyman.topics.prefix:tallyman}." + Topics.IMAGE_EVENTS_BULK
  })
  void receive(List<ConsumerRecord<String, byte[]>> records) {
    processor.processBatch(records, untilWritten, work);
  }
}
