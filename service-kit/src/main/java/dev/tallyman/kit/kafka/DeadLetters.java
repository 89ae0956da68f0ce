package dev.tallyman.kit.kafka;

import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.contracts.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks a record that cannot be processed in {@code <topic>.dlq}: the original key, value and
 * headers, plus headers saying why. Parking never gives up (a lost record is worse than a stalled
 * partition), so the caller may commit the offset once this returns.
 */
@Singleton
@Requires(property = "kafka.bootstrap.servers")
@Requires(classes = KafkaClient.class)
public class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  private static final int MAX_MESSAGE_CHARS = 4000;
  private static final RetryPolicy PARK_RETRY =
      RetryPolicy.forever(Duration.ofMillis(500), Duration.ofSeconds(30));

  private final Producer<String, byte[]> producer;

  public DeadLetters(
      @KafkaClient(id = "tallyman-dead-letters", acks = KafkaClient.Acknowledge.ALL)
          Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  public void park(ConsumerRecord<?, byte[]> record, Throwable cause, int attempts) {
    String dlq = Topics.dlq(record.topic());
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(
            dlq, record.key() == null ? null : String.valueOf(record.key()), record.value());
    for (Header h : record.headers()) {
      out.headers().add(h);
    }
    add(out, KafkaHeaders.DLQ_ERROR_CLASS, cause.getClass().getName());
    add(out, KafkaHeaders.DLQ_ERROR_MESSAGE, describe(cause));
    add(out, KafkaHeaders.DLQ_SOURCE_TOPIC, record.topic());
    add(out, KafkaHeaders.DLQ_SOURCE_PARTITION, Integer.toString(record.partition()));
    add(out, KafkaHeaders.DLQ_SOURCE_OFFSET, Long.toString(record.offset()));
    add(out, KafkaHeaders.DLQ_ATTEMPTS, Integer.toString(attempts));
    add(out, KafkaHeaders.DLQ_FAILED_AT, Instant.now().toString());
    for (int attempt = 1; ; attempt++) {
      try {
        producer.send(out).get(30, TimeUnit.SECONDS);
        LOG.warn(
            "parked record {}-{}@{} in {}: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            dlq,
            describe(cause));
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while dead-lettering", e);
      } catch (Exception e) {
        LOG.error("could not write to {} (attempt {}), retrying", dlq, attempt, e);
        Backoff.sleep(PARK_RETRY.delayAfter(attempt));
      }
    }
  }

  /** The message chain, so the DLQ record says why without a stack trace. */
  static String describe(Throwable cause) {
    StringBuilder sb = new StringBuilder();
    String previous = null;
    for (Throwable t = cause; t != null && sb.length() < MAX_MESSAGE_CHARS; t = t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      // wrappers often repeat their cause's message: say it once
      if (!message.equals(previous)) {
        sb.append(sb.length() > 0 ? " <- " : "").append(message);
      }
      previous = message;
      if (t.getCause() == t) {
        break;
      }
    }
    return sb.length() > MAX_MESSAGE_CHARS ? sb.substring(0, MAX_MESSAGE_CHARS) : sb.toString();
  }

  private static void add(ProducerRecord<String, byte[]> r, String name, String value) {
    r.headers().remove(name);
    r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
