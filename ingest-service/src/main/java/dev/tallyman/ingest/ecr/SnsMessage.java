package dev.tallyman.ingest.ecr;

import static dev.tallyman.ingest.payload.JsonPayload.optionalText;
import static dev.tallyman.ingest.payload.JsonPayload.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.ingest.distribution.InvalidNotification;
import java.nio.charset.StandardCharsets;

/**
 * One Amazon SNS HTTP(S) delivery: {@code SubscriptionConfirmation}, {@code Notification} or {@code
 * UnsubscribeConfirmation}, with the fields its signature covers.
 */
public record SnsMessage(
    String type,
    String messageId,
    String topicArn,
    String subject,
    String message,
    String timestamp,
    String token,
    String subscribeUrl,
    String signatureVersion,
    String signature,
    String signingCertUrl) {

  public static final String CONFIRMATION = "SubscriptionConfirmation";
  public static final String NOTIFICATION = "Notification";
  public static final String UNSUBSCRIBE = "UnsubscribeConfirmation";

  public static SnsMessage of(JsonNode root) {
    String type = requiredText(root, "Type", "");
    if (!type.equals(CONFIRMATION) && !type.equals(NOTIFICATION) && !type.equals(UNSUBSCRIBE)) {
      throw new InvalidNotification("Type: not an SNS message type");
    }
    boolean subscription = !type.equals(NOTIFICATION);
    return new SnsMessage(
        type,
        requiredText(root, "MessageId", ""),
        requiredText(root, "TopicArn", ""),
        optionalText(root, "Subject", ""),
        requiredText(root, "Message", ""),
        requiredText(root, "Timestamp", ""),
        subscription ? requiredText(root, "Token", "") : "",
        subscription ? requiredText(root, "SubscribeURL", "") : "",
        requiredText(root, "SignatureVersion", ""),
        requiredText(root, "Signature", ""),
        requiredText(root, "SigningCertURL", ""));
  }

  /**
   * The bytes SNS signs: selected {@code name\nvalue\n} pairs in byte order of the names; Subject
   * only when present, Token and SubscribeURL only for subscription messages.
   */
  public byte[] stringToSign() {
    StringBuilder s = new StringBuilder();
    pair(s, "Message", message);
    pair(s, "MessageId", messageId);
    if (type.equals(NOTIFICATION)) {
      if (!subject.isEmpty()) {
        pair(s, "Subject", subject);
      }
    } else {
      pair(s, "SubscribeURL", subscribeUrl);
    }
    pair(s, "Timestamp", timestamp);
    if (!type.equals(NOTIFICATION)) {
      pair(s, "Token", token);
    }
    pair(s, "TopicArn", topicArn);
    pair(s, "Type", type);
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void pair(StringBuilder s, String name, String value) {
    s.append(name).append('\n').append(value).append('\n');
  }
}
