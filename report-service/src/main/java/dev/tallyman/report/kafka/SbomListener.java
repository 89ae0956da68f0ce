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

/** Consumes Sbom parts into the packages index, in its own consumer group. */
@KafkaListener(
    groupId = "${tallyman.report.consumer-group:" + FindingsListener.GROUP + "}-sboms",
    batch = true,
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC,
    properties = {
      // each record is an SBOM part of up to ~1,000 packages
      @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "20")
    })
@Requires(property = "kafka.bootstrap.servers")
public class SbomListener {
  private final ReliableProcessor processor;
  private final SbomBatchWork work;
  private final RetryPolicy untilIndexed;

  public SbomListener(
      ReliableProcessor processor,
      SbomBatchWork work,
      @Value("${tallyman.report.retry-max-delay:30s}") Duration maxDelay) {
    this.processor = processor;
    this.work = work;
    this.untilIndexed =
        RetryPolicy.forever(Duration.ofMillis(Math.min(500, maxDelay.toMillis())), maxDelay);
  }

  @Topic("${tallyman.topics.prefix:tallyman}." + Topics.SBOMS)
  void receive(List<ConsumerRecord<String, byte[]>> records) {
    processor.processBatch(records, untilIndexed, work);
  }
}
