package dev.tallyman.kit.kafka;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a batch listener does with a batch. Throwing retries the whole batch (it must be
 * idempotent); records returned as failures are bad on their own and go to the dead-letter topic.
 */
@FunctionalInterface
public interface BatchWork {
  List<RecordFailure> apply(List<ConsumerRecord<String, byte[]>> records) throws Exception;

  /** A record that can never be processed, with the reason. */
  record RecordFailure(ConsumerRecord<String, byte[]> record, Throwable cause) {}
}
