package dev.tallyman.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A configured webhook secret compared in constant time: both sides are hashed before {@link
 * MessageDigest#isEqual}, so neither the content nor the length of the secret leaks through
 * response timing.
 */
public final class SharedSecret {
  private final byte[] expectedHash;

  public SharedSecret(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("secret must not be blank");
    }
    this.expectedHash = sha256(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** Null when the value is unset or blank: the endpoint then refuses with 503. */
  public static SharedSecret orNull(String secret) {
    return secret == null || secret.isBlank() ? null : new SharedSecret(secret);
  }

  public boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(expectedHash, sha256(presented.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
