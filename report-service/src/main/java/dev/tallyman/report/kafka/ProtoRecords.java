package dev.tallyman.report.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.kit.kafka.PermanentFailure;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reads one protobuf record value; everything wrong with it is a {@link PermanentFailure}. */
final class ProtoRecords {
  private ProtoRecords() {}

  /**
   * The record's value as {@code T}: present, not labelled as another message type (the header is
   * optional), and parseable. {@code what} names the message in the error ("an Sbom").
   */
  static <T extends Message> T parse(
      ConsumerRecord<String, byte[]> r, String messageType, Parser<T> parser, String what) {
    if (r.value() == null || r.value().length == 0) {
      throw new PermanentFailure("record has no value");
    }
    Header type = r.headers().lastHeader(KafkaHeaders.MESSAGE_TYPE);
    if (type != null && type.value() != null) {
      String t = new String(type.value(), StandardCharsets.UTF_8);
      if (!messageType.equals(t)) {
        throw new PermanentFailure("expected a " + messageType + " but the record says " + t);
      }
    }
    try {
      return parser.parseFrom(r.value());
    } catch (InvalidProtocolBufferException e) {
      throw new PermanentFailure("value is not " + what + " protobuf: " + e.getMessage(), e);
    }
  }
}
