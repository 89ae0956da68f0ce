package dev.tallyman.ingest.harbor;

import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.SharedSecret;
import dev.tallyman.ingest.webhook.WebhookAuthenticator;
import java.util.Optional;

/**
 * Harbor sends the policy's "Auth Header" value verbatim as {@code Authorization} (no scheme is
 * added, and Harbor does not sign): the whole header value must equal the configured secret.
 */
public final class HarborAuthHeader implements WebhookAuthenticator {
  private final SharedSecret secret;

  public HarborAuthHeader(SharedSecret secret) {
    this.secret = secret;
  }

  @Override
  public Optional<String> refusal(Delivery delivery) {
    String presented = delivery.header().apply("Authorization");
    if (presented == null || presented.isEmpty()) {
      return Optional.of("missing Authorization header");
    }
    return secret.matches(presented) ? Optional.empty() : Optional.of("wrong webhook secret");
  }
}
