package dev.tallyman.kit.kafka;

import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.kit.trace.Trace;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way listeners handle records: inside the producer's trace context, retrying transient
 * failures with backoff, parking poison records in the dead-letter topic. It returns only once the
 * record is handled (done or parked), so committing the offset afterwards never loses data.
 */
@Singleton
@Requires(property = "kafka.bootstrap.servers")
@Requires(classes = KafkaClient.class)
public class ReliableProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(ReliableProcessor.class);

  private final DeadLetters deadLetters;

  public ReliableProcessor(DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  public void process(ConsumerRecord<String, byte[]> record, RetryPolicy policy, RecordWork work) {
    try (Trace.Scope ignored = Trace.continueFrom(traceparent(record))) {
      for (int attempt = 1; ; attempt++) {
        try {
          if (record.value() == null) {
            throw new PermanentFailure("record has no value");
          }
          work.apply(record);
          return;
        } catch (PermanentFailure e) {
          deadLetters.park(record, e, attempt);
          return;
        } catch (Exception e) {
          if (policy.exhausted(attempt)) {
            deadLetters.park(record, e, attempt);
            return;
          }
          LOG.warn(
              "attempt {} on {}-{}@{} failed, retrying: {}",
              attempt,
              record.topic(),
              record.partition(),
              record.offset(),
              DeadLetters.describe(e));
          Backoff.sleep(policy.delayAfter(attempt));
        }
      }
    }
  }

  public void processBatch(
      List<ConsumerRecord<String, byte[]>> records, RetryPolicy policy, BatchWork work) {
    if (records.isEmpty()) {
      return;
    }
    try (Trace.Scope ignored = Trace.continueFrom(traceparent(records.get(0)))) {
      for (int attempt = 1; ; attempt++) {
        try {
          for (BatchWork.RecordFailure f : work.apply(records)) {
            deadLetters.park(f.record(), f.cause(), attempt);
          }
          return;
        } catch (Exception e) {
          if (policy.exhausted(attempt)) {
            for (ConsumerRecord<String, byte[]> r : records) {
              deadLetters.park(r, e, attempt);
            }
            return;
          }
          LOG.warn(
              "attempt {} on a batch of {} from {} failed, retrying: {}",
              attempt,
              records.size(),
              records.get(0).topic(),
              DeadLetters.describe(e));
          Backoff.sleep(policy.delayAfter(attempt));
        }
      }
    }
  }

  private static String traceparent(ConsumerRecord<String, byte[]> record) {
    Header h = record.headers().lastHeader(KafkaHeaders.TRACEPARENT);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
