package dev.tallyman.contracts;

/** Kafka header names that are part of the contract between services. */
public final class KafkaHeaders {
  private KafkaHeaders() {}

  /** W3C trace context, propagated from producer to consumer. */
  public static final String TRACEPARENT = "traceparent";

  /** Fully qualified protobuf message name of the value, e.g. tallyman.v1.ImageEvent. */
  public static final String MESSAGE_TYPE = "tallyman-message-type";

  /** Set on dead-letter records: why the record was parked. */
  public static final String DLQ_ERROR_CLASS = "tallyman-dlq-error-class";

  public static final String DLQ_ERROR_MESSAGE = "tallyman-dlq-error-message";
  public static final String DLQ_SOURCE_TOPIC = "tallyman-dlq-source-topic";
  public static final String DLQ_SOURCE_PARTITION = "tallyman-dlq-source-partition";
  public static final String DLQ_SOURCE_OFFSET = "tallyman-dlq-source-offset";
  public static final String DLQ_ATTEMPTS = "tallyman-dlq-attempts";
  public static final String DLQ_FAILED_AT = "tallyman-dlq-failed-at";
}
