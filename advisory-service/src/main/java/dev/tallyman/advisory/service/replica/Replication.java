package dev.tallyman.advisory.service.replica;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.tallyman.advisory.feed.FeedRunner;
import dev.tallyman.advisory.feed.FeedStatus;
import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.proto.v1.AdvisoryChangeBatch;
import dev.tallyman.proto.v1.AdvisoryTopicValue;
import dev.tallyman.proto.v1.FeedSyncStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka edge of replicated serving (ADR 0017). A background reader materializes the compacted
 * advisories topic from the beginning into a {@link ReplicaState} (manual assignment, no consumer
 * group: every replica sees everything) and calls {@code onChange} when it has caught up with new
 * data. The sync role {@link #publish}es a feed after each sync: changed entries and tombstones
 * first, acknowledged, then the change events, then the feed's status (with its cursor): a status
 * on the topic means that sync is complete.
 */
public final class Replication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Replication.class);
  private static final long ACK_SECONDS = 60;

  private final String bootstrap;
  private final String topic;
  private final String changesTopic;
  private final ReplicaState state = new ReplicaState();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final Runnable onChange;
  private final Map<String, Long> published = new HashMap<>();
  private KafkaProducer<String, byte[]> producer;
  private KafkaConsumer<String, byte[]> consumer;
  private Thread reader;
  private volatile boolean running = true;

  public Replication(String bootstrap, String topic, String changesTopic, Runnable onChange) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.changesTopic = changesTopic;
    this.onChange = onChange;
  }

  /** Creates the topics if missing and starts the reader (and the producer for the sync role). */
  public void start(boolean sync, int partitions, short replicationFactor) {
    createTopics(partitions, replicationFactor);
    if (sync) {
      Map<String, Object> p = new HashMap<>();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
      p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
      p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1 << 20);
      producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    reader = new Thread(this::read, "advisories-topic-reader");
    reader.setDaemon(true);
    reader.start();
  }

  public ReplicaState state() {
    return state;
  }

  /** True once everything that was on the topic when the reader started is materialized. */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Writes what changed in one feed ({@code feed}: its configured name, unique where two feeds of
   * one type could share a {@code Feed.name()}) since the materialized state, then its status;
   * returns the change events published. Throws when Kafka does not acknowledge (the next sync
   * retries: the state only takes what was acknowledged).
   */
  public synchronized ReplicaDiff.Result publish(String feed, FeedRunner runner, Duration maxAge) {
    if (producer == null) {
      throw new IllegalStateException("this replica does not have the sync role");
    }
    long generation = runner.generation();
    // An UNCHANGED update leaves the data as last published: skip hashing every record again.
    ReplicaDiff.Result diff =
        Long.valueOf(generation).equals(published.get(feed))
            ? new ReplicaDiff.Result(List.of(), List.of())
            : ReplicaDiff.compute(feed, runner.records(), runner.enrichments(), state);
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (ReplicaDiff.Out o : diff.out()) {
      acks.add(producer.send(record(topic, o.key(), o.value())));
    }
    await(acks);
    diff.out()
        .forEach(o -> state.apply(o.key(), o.value() == null ? null : o.value().toByteArray()));
    List<AdvisoryChangeBatch> batches = ChangeBatches.of(feed, diff.changes(), Instant.now());
    List<Future<RecordMetadata>> changeAcks = new ArrayList<>();
    for (AdvisoryChangeBatch b : batches) {
      changeAcks.add(producer.send(record(changesTopic, feed, b)));
    }
    await(changeAcks);
    AdvisoryTopicValue status =
        AdvisoryTopicValue.newBuilder().setStatus(status(feed, runner.status(), maxAge)).build();
    String statusKey = AdvisoryCodec.statusKey(feed);
    await(List.of(producer.send(record(topic, statusKey, status))));
    state.apply(statusKey, status.toByteArray());
    published.put(feed, generation);
    if (!diff.out().isEmpty()) {
      LOG.info(
          "published feed {}: {} topic records, {} changes in {} batches",
          feed,
          diff.out().size(),
          diff.changes().size(),
          batches.size());
    }
    onChange.run();
    return diff;
  }

  static FeedSyncStatus status(String feed, FeedStatus s, Duration maxAge) {
    FeedSyncStatus.Builder b =
        FeedSyncStatus.newBuilder()
            .setFeed(feed)
            .setLocation(nz(s.location()))
            .setRecordCount(s.recordCount())
            .setEnrichmentCount(s.enrichmentCount())
            .setRejectedCount(s.rejectedCount())
            .setLastError(nz(s.lastError()))
            .setCursor(nz(s.cursor()))
            .setMaxAgeSeconds(maxAge.toSeconds());
    if (s.lastAttempt() != null) {
      b.setLastAttempt(ts(s.lastAttempt()));
    }
    if (s.lastSuccess() != null) {
      b.setLastSuccess(ts(s.lastSuccess()));
    }
    s.recentRejects().stream()
        .limit(20)
        .forEach(r -> b.addRecentRejects(r.id() + ": " + r.error()));
    return b.build();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private static ProducerRecord<String, byte[]> record(String topic, String key, Message value) {
    ProducerRecord<String, byte[]> r =
        new ProducerRecord<>(topic, key, value == null ? null : value.toByteArray());
    if (value != null) {
      r.headers()
          .add(
              KafkaHeaders.MESSAGE_TYPE,
              value.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8));
    }
    return r;
  }

  private void await(List<Future<RecordMetadata>> acks) {
    producer.flush();
    for (Future<RecordMetadata> a : acks) {
      try {
        a.get(ACK_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing advisories", e);
      } catch (ExecutionException | TimeoutException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        throw new IllegalStateException("Kafka did not acknowledge advisories: " + c, c);
      }
    }
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
      long seenVersion = -1;
      while (running) {
        ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, byte[]> r : batch) {
          state.apply(r.key(), r.value());
        }
        if (loaded.getCount() > 0
            && end.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          LOG.info(
              "materialized {} advisories of feeds {} from {}",
              state.recordCount(),
              state.feeds(),
              topic);
          seenVersion = state.version();
          onChange.run();
          loaded.countDown();
        } else if (loaded.getCount() == 0 && batch.isEmpty() && state.version() != seenVersion) {
          // caught up after new data: one index rebuild per burst, not per record
          seenVersion = state.version();
          onChange.run();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("advisories topic reader stopped; serving what was materialized", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

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

  private void createTopics(int partitions, short replicationFactor) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000))) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      if (!existing.contains(topic)) {
        missing.add(
            new NewTopic(topic, partitions, replicationFactor)
                .configs(Map.of("cleanup.policy", "compact")));
      }
      if (!existing.contains(changesTopic)) {
        missing.add(new NewTopic(changesTopic, partitions, replicationFactor));
      }
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("could not create advisory topics: " + e.getCause(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating advisory topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka at " + bootstrap + " is not reachable", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (reader != null) {
      reader.join(10_000);
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
