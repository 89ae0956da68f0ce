package dev.tallyman.ingest.webhook;

import io.micronaut.serde.annotation.Serdeable;

/** JSON bodies the webhook answers with. */
final class WebhookReplies {
  private WebhookReplies() {}

  /** 202: everything the registry sent is handled; {@code accepted} events are on Kafka. */
  @Serdeable
  record Accepted(int accepted, int ignored) {}

  /** 4xx/5xx: why, in words an operator can act on. */
  @Serdeable
  record Refused(String error) {}
}
