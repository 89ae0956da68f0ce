package dev.tallyman.kit.kafka;

import com.google.protobuf.Message;
import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.kit.trace.Trace;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes protobuf messages and waits for the broker's acknowledgement, so a caller only reports
 * success for what is durably on the topic. Adds the message type and the trace context as headers.
 */
@Singleton
@Requires(property = "kafka.bootstrap.servers")
@Requires(classes = KafkaClient.class)
public class KafkaPublisher {
  private static final long ACK_TIMEOUT_SECONDS = 30;

  private final Producer<String, byte[]> producer;

  public KafkaPublisher(
      @KafkaClient(id = "tallyman-publisher", acks = KafkaClient.Acknowledge.ALL)
          Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  public RecordMetadata publish(String topic, String key, Message value) {
    return await(producer.send(record(topic, key, value)), topic);
  }

  /** Sends all, then waits for all: one round trip for a split SBOM or report. */
  public void publishAll(String topic, String key, List<? extends Message> values) {
    publishEach(topic, values.stream().map(v -> new Keyed(key, v)).toList());
  }

  /**
   * Sends every record (in order, so records of one key keep their order), then waits for every
   * acknowledgement: a thousand records cost about one round trip, not a thousand. Throws {@link
   * PublishFailed} if any is not acknowledged; the others may have been written (consumers are
   * idempotent, so the caller retries the whole list).
   */
  public void publishEach(String topic, List<Keyed> records) {
    List<Future<RecordMetadata>> acks =
        records.stream().map(r -> producer.send(record(topic, r.key(), r.value()))).toList();
    producer.flush();
    acks.forEach(a -> await(a, topic));
  }

  /** One record to publish: its key and its message. */
  public record Keyed(String key, Message value) {}

  private static ProducerRecord<String, byte[]> record(String topic, String key, Message value) {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value.toByteArray());
    r.headers()
        .add(
            KafkaHeaders.MESSAGE_TYPE,
            value.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8));
    r.headers()
        .add(KafkaHeaders.TRACEPARENT, Trace.currentOrNew().getBytes(StandardCharsets.UTF_8));
    return r;
  }

  private static RecordMetadata await(Future<RecordMetadata> ack, String topic) {
    try {
      return ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailed(topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PublishFailed(topic, e.getCause() == null ? e : e.getCause());
    }
  }

  /** Kafka did not acknowledge the record. */
  public static final class PublishFailed extends RuntimeException {
    PublishFailed(String topic, Throwable cause) {
      super("Kafka did not acknowledge a record for " + topic + ": " + cause.getMessage(), cause);
    }
  }
}
