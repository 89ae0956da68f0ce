package dev.tallyman.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP Basic credentials (an EventBridge API destination connection of type BASIC, an SNS HTTPS
 * subscription URL with user info). The password comes from a {@link SecretRef}, so it rotates
 * without a restart; user and password are compared in constant time.
 */
public final class BasicAuth implements WebhookAuthenticator {
  private final SharedSecret username;
  private final SecretRef password;

  public BasicAuth(String username, SecretRef password) {
    this.username = new SharedSecret(username);
    this.password = password;
  }

  @Override
  public Optional<String> refusal(Delivery delivery) {
    String header = delivery.header().apply("Authorization");
    if (header == null || header.length() < 7) {
      return Optional.of("missing Authorization: Basic header");
    }
    if (!header.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
      return Optional.of("Authorization header is not Basic");
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.of("Authorization: Basic is not base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.of("Authorization: Basic is not user:password");
    }
    // evaluate both so timing does not tell which one was wrong
    boolean userOk = username.matches(decoded.substring(0, colon));
    boolean passwordOk = password.current().matches(decoded.substring(colon + 1));
    return userOk && passwordOk ? Optional.empty() : Optional.of("wrong credentials");
  }
}
