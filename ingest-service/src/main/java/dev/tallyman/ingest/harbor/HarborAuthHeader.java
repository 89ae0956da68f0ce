package dev.tallyman.ingest.harbor;

import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.SecretRef;
import dev.tallyman.ingest.webhook.SharedSecret;
import dev.tallyman.ingest.webhook.WebhookAuthenticator;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Harbor sends the policy's "Auth Header" value verbatim as {@code Authorization} (no scheme is
 * added, and Harbor does not sign): the whole header value must equal the configured secret.
 */
public final class HarborAuthHeader implements WebhookAuthenticator {
  private final Supplier<SharedSecret> secret;

  public HarborAuthHeader(SharedSecret secret) {
    this.secret = () -> secret;
  }

  /** Read at each request, so a rotated secret file takes effect without a restart. */
  public HarborAuthHeader(SecretRef secret) {
    this.secret = secret::current;
  }

  @Override
  public Optional<String> refusal(Delivery delivery) {
    String presented = delivery.header().apply("Authorization");
    if (presented == null || presented.isEmpty()) {
      return Optional.of("missing Authorization header");
    }
    return secret.get().matches(presented) ? Optional.empty() : Optional.of("wrong webhook secret");
  }
}
