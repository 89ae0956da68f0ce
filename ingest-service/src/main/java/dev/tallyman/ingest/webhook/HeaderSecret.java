package dev.tallyman.ingest.webhook;

import java.util.Optional;

/**
 * A secret sent verbatim in a configurable header (GitLab's registry notification headers, Event
 * Grid's static delivery properties, an EventBridge API destination's API key), compared in
 * constant time with the whole header value. Optionally {@code ?token=} in the URL is accepted too,
 * for senders that can only carry the secret in the URL.
 */
public final class HeaderSecret implements WebhookAuthenticator {
  private final String header;
  private final SecretRef secret;
  private final boolean queryAllowed;

  public HeaderSecret(String header, SecretRef secret, boolean queryAllowed) {
    if (header == null || header.isBlank()) {
      throw new IllegalArgumentException("header name must not be blank");
    }
    this.header = header;
    this.secret = secret;
    this.queryAllowed = queryAllowed;
  }

  @Override
  public Optional<String> refusal(Delivery delivery) {
    String presented = delivery.header().apply(header);
    if ((presented == null || presented.isEmpty()) && queryAllowed) {
      presented = delivery.queryParameter().apply(QueryToken.PARAMETER);
    }
    if (presented == null || presented.isEmpty()) {
      return Optional.of(
          "missing " + header + " header" + (queryAllowed ? " (or ?token= parameter)" : ""));
    }
    return secret.current().matches(presented)
        ? Optional.empty()
        : Optional.of("wrong webhook secret");
  }
}
