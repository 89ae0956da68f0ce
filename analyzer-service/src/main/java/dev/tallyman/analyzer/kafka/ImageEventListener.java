package dev.tallyman.analyzer.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tallyman.analyzer.lanes.LaneConsumer;
import dev.tallyman.analyzer.pipeline.ImageAnalysis;
import dev.tallyman.contracts.Topics;
import dev.tallyman.kit.kafka.PermanentFailure;
import dev.tallyman.kit.kafka.ReliableProcessor;
import dev.tallyman.kit.kafka.RetryPolicy;
import dev.tallyman.proto.v1.ImageEvent;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Image events in, from both lanes: the priority lane ({@code image-events}) is always drained
 * before the bulk lane ({@code image-events-bulk}) is read (ADR 0013). Each event is handled fully
 * (or dead-lettered) before its offset is committed.
 */
@Context
@Requires(property = "kafka.bootstrap.servers")
public class ImageEventListener {
  public static final String GROUP_ID = "tallyman-analyzer";

  private final LaneConsumer lanes;
  private final Thread thread;

  public ImageEventListener(
      ReliableProcessor processor,
      ImageAnalysis analysis,
      Topics topics,
      @Value("${kafka.bootstrap.servers}") String bootstrapServers,
      @Value("${tallyman.analyzer.group-id:" + GROUP_ID + "}") String groupId,
      @Value("${tallyman.analyzer.max-poll-interval:30m}") Duration maxPollInterval,
      @Value("${tallyman.analyzer.retry.max-attempts:5}") int maxAttempts,
      @Value("${tallyman.analyzer.retry.initial-delay:1s}") Duration initialDelay,
      @Value("${tallyman.analyzer.retry.max-delay:30s}") Duration maxDelay) {
    RetryPolicy policy = new RetryPolicy(maxAttempts, initialDelay, maxDelay);
    this.lanes =
        new LaneConsumer(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                // one image can take minutes: don't let the group rebalance it away mid-analysis
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                    String.valueOf(maxPollInterval.toMillis())),
            topics.imageEvents(),
            topics.imageEventsBulk(),
            record -> processor.process(record, policy, r -> analysis.handle(parse(r.value()))));
    this.thread = new Thread(lanes, "tallyman-image-events");
    thread.setDaemon(true);
    thread.start();
  }

  public LaneConsumer lanes() {
    return lanes;
  }

  static ImageEvent parse(byte[] value) {
    try {
      return ImageEvent.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new PermanentFailure("not a tallyman.v1.ImageEvent: " + e.getMessage(), e);
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    lanes.close();
    thread.join(15_000);
  }
}
