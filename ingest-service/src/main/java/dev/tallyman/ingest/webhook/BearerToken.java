package dev.tallyman.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The shared secret a registry sends as {@code Authorization: Bearer <token>}. Both sides are
 * hashed before {@link MessageDigest#isEqual} so neither the content nor the length of the expected
 * token leaks through response timing.
 */
public final class BearerToken {
  private static final String SCHEME = "bearer ";

  private final byte[] expectedHash;

  public BearerToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    this.expectedHash = sha256(token);
  }

  /** The outcome of checking one Authorization header, with a reason safe to send back. */
  public enum Check {
    OK("ok"),
    MISSING("missing Authorization: Bearer <token> header"),
    NOT_BEARER("Authorization header is not a Bearer token"),
    WRONG("wrong webhook token");

    private final String reason;

    Check(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  public Check check(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return Check.MISSING;
    }
    if (authorizationHeader.length() <= SCHEME.length()
        || !authorizationHeader
            .substring(0, SCHEME.length())
            .toLowerCase(Locale.ROOT)
            .equals(SCHEME)) {
      return Check.NOT_BEARER;
    }
    String presented = authorizationHeader.substring(SCHEME.length()).strip();
    return MessageDigest.isEqual(expectedHash, sha256(presented)) ? Check.OK : Check.WRONG;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
