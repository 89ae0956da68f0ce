package dev.tallyman.ingest.webhook;

import dev.tallyman.ingest.distribution.NotificationResult;

/** Turns one authenticated body into ImageEvents, or throws InvalidNotification (-> 400). */
@FunctionalInterface
public interface WebhookParser {
  NotificationResult parse(byte[] body);
}
