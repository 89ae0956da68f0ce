package dev.tallyman.analyzer.lanes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer for both lanes (ADR 0013). Before every poll it asks the broker for the end offsets
 * of its priority partitions: while any of them has records it has not consumed, its bulk
 * partitions are paused, so a push waits at most for the one image in flight, never for a bulk
 * backlog. One record per poll, handled fully and committed before the next, as before.
 *
 * <p>The end offsets come through an Admin client on its own connection: the broker answers one
 * request per connection at a time, and the consumer's own connection is usually parked in a
 * long-polling fetch of the (empty) priority partitions, which would delay every answer by up to
 * {@code fetch.max.wait.ms}.
 *
 * <p>Both topics are subscribed in one group with the range assignor: with equal partition counts
 * partition {@code p} of both lanes goes to the same consumer, so one digest (the key) is always
 * handled by one replica whichever lane it came through, which is what lets that replica analyze it
 * once.
 */
public final class LaneConsumer implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LaneConsumer.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Admin admin;
  private final String priorityTopic;
  private final String bulkTopic;
  private final Consumer<ConsumerRecord<String, byte[]>> handler;
  private volatile boolean running = true;
  private volatile boolean bulkPaused;

  /**
   * @param handler handles one record completely (retries and dead-lettering included); the offset
   *     is committed when it returns
   */
  public LaneConsumer(
      Map<String, Object> config,
      String priorityTopic,
      String bulkTopic,
      Consumer<ConsumerRecord<String, byte[]>> handler) {
    Properties p = new Properties();
    p.putAll(config);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    Properties a = new Properties();
    a.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, p.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    a.put(AdminClientConfig.CLIENT_ID_CONFIG, "tallyman-lanes-" + ProcessHandle.current().pid());
    this.admin = Admin.create(a);
    this.priorityTopic = priorityTopic;
    this.bulkTopic = bulkTopic;
    this.handler = handler;
  }

  /** Whether the bulk lane is paused right now (for metrics and tests). */
  public boolean bulkPaused() {
    return bulkPaused;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(priorityTopic, bulkTopic), new Rebalance());
      while (running) {
        gateBulkLane();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          handler.accept(record);
          consumer.commitSync(
              Map.of(
                  new TopicPartition(record.topic(), record.partition()),
                  new OffsetAndMetadata(record.offset() + 1)));
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("lane consumer stopped: no image event is consumed by this replica", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
      admin.close(Duration.ofSeconds(5));
    }
  }

  /** Pauses the bulk partitions while the priority partitions have a backlog, else resumes them. */
  private void gateBulkLane() {
    Set<TopicPartition> assigned = consumer.assignment();
    List<TopicPartition> priority = new ArrayList<>();
    List<TopicPartition> bulk = new ArrayList<>();
    for (TopicPartition tp : assigned) {
      (tp.topic().equals(priorityTopic) ? priority : bulk).add(tp);
    }
    if (bulk.isEmpty()) {
      return;
    }
    boolean backlog = false;
    if (!priority.isEmpty()) {
      Map<TopicPartition, Long> ends = endOffsets(priority);
      for (TopicPartition tp : priority) {
        if (consumer.position(tp, OFFSETS_TIMEOUT) < ends.getOrDefault(tp, 0L)) {
          backlog = true;
          break;
        }
      }
    }
    if (backlog && !bulkPaused) {
      consumer.pause(bulk);
      bulkPaused = true;
      LOG.debug("priority lane has a backlog: bulk lane paused");
    } else if (!backlog && bulkPaused) {
      consumer.resume(bulk);
      bulkPaused = false;
      LOG.debug("priority lane drained: bulk lane resumed");
    }
  }

  private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    try {
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get(OFFSETS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      // not knowing is no reason to stop: treat the priority lane as drained this time
      LOG.warn("cannot read the priority lane's end offsets: {}", e.toString());
      return Map.of();
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // newly assigned bulk partitions start unpaused; re-apply the current decision
      if (bulkPaused) {
        consumer.pause(partitions.stream().filter(tp -> tp.topic().equals(bulkTopic)).toList());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
