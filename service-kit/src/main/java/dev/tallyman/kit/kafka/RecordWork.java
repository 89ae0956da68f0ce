package dev.tallyman.kit.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a listener does with one record. */
@FunctionalInterface
public interface RecordWork {
  void apply(ConsumerRecord<String, byte[]> record) throws Exception;
}
