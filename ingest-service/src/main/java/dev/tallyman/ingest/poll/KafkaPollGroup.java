package dev.tallyman.ingest.poll;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 * Poll state and poll ownership on one compacted topic (see ADR 0007). Each registry's records go
 * to the partition its name hashes to; replicas join one consumer group on the topic, and a replica
 * polls a registry only once the group assigned it that partition <em>and</em> it has read the
 * partition from the beginning to the end offset seen at assignment, so it starts from the last
 * owner's state. All consumer calls happen on the group's own thread (KafkaConsumer is not
 * thread-safe); the state is served from a map per owned partition.
 */
public final class KafkaPollGroup implements PollState, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPollGroup.class);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int partitionCount;
  // partition -> (key -> digest); present while the partition is assigned to us
  private final Map<Integer, Map<String, String>> state = new ConcurrentHashMap<>();
  // partitions fully read up to the end offset at assignment: we own their registries
  private final Set<Integer> ready = ConcurrentHashMap.newKeySet();
  // partition -> end offset to reach before ready (group thread only)
  private final Map<Integer, Long> catchingUp = new HashMap<>();

  public KafkaPollGroup(String bootstrapServers, String topic, String groupId) {
    this.topic = topic;
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + ProcessHandle.current().pid());
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    thread = new Thread(this::run, "tallyman-poll-group");
    thread.setDaemon(true);
  }

  public KafkaPollGroup start() {
    thread.start();
    return this;
  }

  /** True when this replica may poll the registry now. */
  public boolean owns(String registry) {
    int n = partitionCount;
    return n > 0 && ready.contains(partitionOf(registry, n));
  }

  /** Stable across JVMs: String.hashCode is specified by the language. */
  static int partitionOf(String registry, int partitions) {
    return Math.floorMod(registry.hashCode(), partitions);
  }

  @Override
  public Optional<String> lastDigest(String registry, String repository, String tag) {
    int n = requirePartitions();
    Map<String, String> p = state.get(partitionOf(registry, n));
    return p == null
        ? Optional.empty()
        : Optional.ofNullable(p.get(PollState.key(registry, repository, tag)));
  }

  @Override
  public Map<String, String> known(String registry) {
    int n = requirePartitions();
    Map<String, String> p = state.get(partitionOf(registry, n));
    if (p == null) {
      return Map.of();
    }
    String prefix = registry + "/";
    Map<String, String> out = new java.util.TreeMap<>();
    p.forEach(
        (key, digest) -> {
          if (key.startsWith(prefix)) {
            out.put(key.substring(prefix.length()), digest);
          }
        });
    return out;
  }

  @Override
  public void remember(String registry, String repository, String tag, String digest) {
    int partition = partitionOf(registry, requirePartitions());
    String key = PollState.key(registry, repository, tag);
    try {
      producer
          .send(
              new ProducerRecord<>(topic, partition, key, digest.getBytes(StandardCharsets.UTF_8)))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording poll state", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not record poll state on " + topic + ": " + e, e);
    }
    Map<String, String> p = state.get(partition);
    if (p != null) {
      p.put(key, digest);
    }
  }

  private int requirePartitions() {
    int n = partitionCount;
    if (n <= 0) {
      throw new IllegalStateException("poll state topic " + topic + " not ready");
    }
    return n;
  }

  private void run() {
    try {
      while (running && partitionCount == 0) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos != null && !infos.isEmpty()) {
          partitionCount = infos.size();
        } else {
          Thread.sleep(500);
        }
      }
      consumer.subscribe(List.of(topic), new Listener());
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          Map<String, String> p = state.get(r.partition());
          if (p == null || r.key() == null) {
            continue;
          }
          if (r.value() == null) {
            p.remove(r.key()); // tombstone
          } else {
            p.merge(r.key(), new String(r.value(), StandardCharsets.UTF_8), (old, now) -> now);
          }
        }
        markCaughtUp();
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("poll group on {} stopped: no registry will be polled by this replica", topic, e);
    } finally {
      ready.clear();
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void markCaughtUp() {
    catchingUp
        .entrySet()
        .removeIf(
            e -> {
              if (consumer.position(new TopicPartition(topic, e.getKey())) >= e.getValue()) {
                ready.add(e.getKey());
                LOG.info("poll group: now polling the registries of {}-{}", topic, e.getKey());
                return true;
              }
              return false;
            });
  }

  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      for (TopicPartition tp : partitions) {
        state.put(tp.partition(), new ConcurrentHashMap<>());
        catchingUp.put(tp.partition(), ends.getOrDefault(tp, 0L));
      }
      markCaughtUp();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      drop(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      drop(partitions);
    }

    private void drop(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        ready.remove(tp.partition());
        catchingUp.remove(tp.partition());
        state.remove(tp.partition());
        LOG.info("poll group: no longer polling the registries of {}", tp);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(5));
      producer.close(Duration.ofSeconds(5));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
