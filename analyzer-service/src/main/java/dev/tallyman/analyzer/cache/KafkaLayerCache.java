package dev.tallyman.analyzer.cache;

import dev.tallyman.analysis.reuse.LayerCache;
import dev.tallyman.analysis.reuse.MemoryLayerCache;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layer analyses shared through a compacted topic: every new entry is published (key = cache key),
 * and a background reader materializes the whole topic, from the beginning, into a bounded local
 * LRU. So an analysis done by any replica, or before a restart, is found here once the reader has
 * caught up; until then a layer is just read again. The reader uses manual assignment and no
 * consumer group, so it never commits and every replica sees every entry.
 */
public final class KafkaLayerCache implements LayerCache, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaLayerCache.class);
  private static final String KEY_PREFIX = "layer/";

  private final String topic;
  private final MemoryLayerCache local;
  private final int maxPublishBytes;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread reader;
  private final CountDownLatch loaded = new CountDownLatch(1);
  private volatile boolean running = true;

  /**
   * @param maxPublishBytes entries above this stay local: the topic refuses messages larger than
   *     its {@code max.message.bytes}
   */
  public KafkaLayerCache(
      String bootstrapServers, String topic, MemoryLayerCache local, int maxPublishBytes) {
    this.topic = topic;
    this.local = local;
    this.maxPublishBytes = maxPublishBytes;
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(maxPublishBytes + 4096, 1 << 20));
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // The topic must be created compacted (by TopicBootstrap), never auto-created plain.
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    this.reader = new Thread(this::read, "layer-cache-reader");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public Optional<byte[]> get(String key) {
    return local.get(key);
  }

  @Override
  public void put(String key, byte[] entry) {
    local.put(key, entry);
    if (entry.length > maxPublishBytes) {
      LOG.info("layer analysis {} ({} bytes) is kept local only", key, entry.length);
      return;
    }
    // Fire and forget: losing an entry only costs one more read of that layer somewhere.
    producer.send(
        new ProducerRecord<>(topic, key, entry),
        (meta, e) -> {
          if (e != null) {
            LOG.warn("could not publish layer analysis {}: {}", key, e.toString());
          }
        });
  }

  /** True once everything that was on the topic when the reader started is in the local store. */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int size() {
    return local.size();
  }

  private void read() {
    try {
      List<TopicPartition> partitions = partitions();
      if (partitions.isEmpty()) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
          if (r.key() == null || !r.key().startsWith(KEY_PREFIX)) {
            continue;
          }
          if (r.value() == null) {
            local.remove(r.key()); // tombstone
          } else {
            local.put(r.key(), r.value());
          }
        }
        if (loaded.getCount() > 0
            && end.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          loaded.countDown();
          LOG.info("loaded {} layer analyses from {}", local.size(), topic);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.warn("layer cache reader stopped; layers will be read again: {}", e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** The topic is created at start-up by another bean; wait for it rather than fail. */
  private List<TopicPartition> partitions() {
    while (running) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
    return List.of();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    reader.join(10_000);
    producer.close(Duration.ofSeconds(10));
  }
}
