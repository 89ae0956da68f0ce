package dev.tallyman.ingest.webhook;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * For registries that neither sign nor let the operator add a header (Quay, Docker Hub): the secret
 * travels in the webhook URL as {@code ?token=}. Weaker than a header (URLs end up in access logs),
 * so deployments should terminate TLS in front of ingest and keep its access logs private; it is
 * still the only secret those registries can carry.
 */
public final class QueryToken implements WebhookAuthenticator {
  public static final String PARAMETER = "token";

  private final Supplier<SharedSecret> secret;

  public QueryToken(SharedSecret secret) {
    this.secret = () -> secret;
  }

  /** Read at each request, so a rotated secret file takes effect without a restart. */
  public QueryToken(SecretRef secret) {
    this.secret = secret::current;
  }

  @Override
  public Optional<String> refusal(Delivery delivery) {
    String presented = delivery.queryParameter().apply(PARAMETER);
    if (presented == null || presented.isEmpty()) {
      return Optional.of("missing ?" + PARAMETER + "= query parameter");
    }
    return secret.get().matches(presented) ? Optional.empty() : Optional.of("wrong webhook token");
  }
}
