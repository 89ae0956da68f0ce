package dev.tallyman.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the analyzers are through a lane, read from the broker as an operator would (consumer
 * lag): records written to the topic (end offsets) and records the analyzer group has committed —
 * the analyzer commits each image event only after it has been handled completely.
 */
final class LaneProgress implements AutoCloseable {
  static final String PRIORITY = "tallyman.image-events";
  static final String BULK = "tallyman.image-events-bulk";
  static final String ANALYZER_GROUP = "tallyman-analyzer";

  /** Written and handled records of one topic, summed over its partitions. */
  record Counts(long written, long handled) {
    long waiting() {
      return written - handled;
    }
  }

  private final Admin admin;

  LaneProgress(String bootstrapServers) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(p);
  }

  Counts of(String topic) throws Exception {
    List<TopicPartition> partitions =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(10, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    long written = 0;
    for (var info : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values()) {
      written += info.offset();
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(ANALYZER_GROUP)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    long handled = 0;
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata o = committed.get(tp);
      handled += o == null ? 0 : o.offset();
    }
    return new Counts(written, handled);
  }

  @Override
  public void close() {
    admin.close();
  }
}
