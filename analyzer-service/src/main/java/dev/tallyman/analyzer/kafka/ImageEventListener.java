package dev.tallyman.analyzer.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tallyman.analyzer.pipeline.ImageAnalysis;
import dev.tallyman.contracts.Topics;
import dev.tallyman.kit.kafka.PermanentFailure;
import dev.tallyman.kit.kafka.ReliableProcessor;
import dev.tallyman.kit.kafka.RetryPolicy;
import dev.tallyman.proto.v1.ImageEvent;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Value;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Image events in; each is handled fully (or dead-lettered) before its offset is committed. */
@KafkaListener(
    groupId = "tallyman-analyzer",
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC)
public class ImageEventListener {
  private final ReliableProcessor processor;
  private final ImageAnalysis analysis;
  private final RetryPolicy policy;

  public ImageEventListener(
      ReliableProcessor processor,
      ImageAnalysis analysis,
      @Value("${tallyman.analyzer.retry.max-attempts:5}") int maxAttempts,
      @Value("${tallyman.analyzer.retry.initial-delay:1s}") Duration initialDelay,
      @Value("${tallyman.analyzer.retry.max-delay:30s}") Duration maxDelay) {
    this.processor = processor;
    this.analysis = analysis;
    this.policy = new RetryPolicy(maxAttempts, initialDelay, maxDelay);
  }

  @Topic("${tallyman.topics.prefix:tallyman}." + Topics.IMAGE_EVENTS)
  public void receive(ConsumerRecord<String, byte[]> record) {
    processor.process(record, policy, r -> analysis.handle(parse(r.value())));
  }

  private static ImageEvent parse(byte[] value) {
    try {
      return ImageEvent.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new PermanentFailure("not a tallyman.v1.ImageEvent: " + e.getMessage(), e);
    }
  }
}
