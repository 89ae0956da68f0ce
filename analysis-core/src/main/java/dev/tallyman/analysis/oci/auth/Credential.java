package dev.tallyman.analysis.oci.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A registry credential: a username and password (sent as HTTP Basic, or to a token server), or an
 * identity token (an OAuth2 refresh token, Docker's {@code identitytoken}, username {@value
 * #IDENTITY_TOKEN_USER}). {@code expiresAt} is null when the credential does not expire. {@link
 * #toString()} never shows the secret.
 */
public record Credential(String username, String secret, Instant expiresAt) {
  /** The username Docker credential helpers return for an identity token. */
  public static final String IDENTITY_TOKEN_USER = "<token>";

  public Credential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
  }

  public static Credential basic(String username, String password) {
    return new Credential(username, password, null);
  }

  public static Credential identityToken(String token) {
    return new Credential(IDENTITY_TOKEN_USER, token, null);
  }

  public Credential expiringAt(Instant at) {
    return new Credential(username, secret, at);
  }

  public boolean isIdentityToken() {
    return IDENTITY_TOKEN_USER.equals(username);
  }

  /** The {@code Authorization} value for HTTP Basic. */
  public String basicHeader() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credential[username="
        + (isIdentityToken() ? "(identity token)" : username)
        + ", secret=***"
        + (expiresAt == null ? "" : ", expiresAt=" + expiresAt)
        + "]";
  }
}
