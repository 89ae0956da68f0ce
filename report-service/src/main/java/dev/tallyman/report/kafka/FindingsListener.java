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
 * Consumes FindingsReport parts. Returns only once the batch is in Elasticsearch (or its bad
 * records are dead-lettered), so a committed offset always means "indexed".
 */
@KafkaListener(
    groupId = "${tallyman.report.consumer-group:" + FindingsListener.GROUP + "}",
    batch = true,
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC,
    properties = {
      // bounds one bulk request: each record is a report part of up to ~1 MB
      @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "50")
    })
@Requires(property = "kafka.bootstrap.servers")
public class FindingsListener {
  public static final String GROUP = "tallyman-report";

  private final ReliableProcessor processor;
  private final FindingsBatchWork work;

  /** Elasticsearch down must stall the partition, never drop or dead-letter good records. */
  private final RetryPolicy untilIndexed;

  public FindingsListener(
      ReliableProcessor processor,
      FindingsBatchWork work,
      @Value("${tallyman.report.retry-max-delay:30s}") Duration maxDelay) {
    this.processor = processor;
    this.work = work;
    this.untilIndexed =
        RetryPolicy.forever(Duration.ofMillis(Math.min(500, maxDelay.toMillis())), maxDelay);
  }

  @Topic("${tallyman.topics.prefix:tallyman}." + Topics.FINDINGS)
  void receive(List<ConsumerRecord<String, byte[]>> records) {
    processor.processBatch(records, untilIndexed, work);
  }
}
