package dev.tallyman.ingest.webhook;

import io.micronaut.serde.annotation.Serdeable;

/** JSON bodies the webhooks answer with. */
final class WebhookReplies {
  private WebhookReplies() {}

  /**
   * 202: everything the registry sent is handled; {@code accepted} events are on Kafka, {@code
   * duplicate} ones were published by an earlier delivery and were not published again.
   */
  @Serdeable
  record Accepted(int accepted, int ignored, int duplicate) {}

  /** 4xx/5xx: why, in words an operator can act on. */
  @Serdeable
  record Refused(String error) {}
}
