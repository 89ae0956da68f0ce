package dev.tallyman.ingest.webhook;

import java.util.Optional;

/** Decides whether a delivery really comes from the registry; runs before the body is parsed. */
@FunctionalInterface
public interface WebhookAuthenticator {
  /** Empty when authentic, else a reason safe to send back with 401. */
  Optional<String> refusal(Delivery delivery);
}
