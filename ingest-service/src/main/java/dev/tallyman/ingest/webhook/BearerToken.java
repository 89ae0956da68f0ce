package dev.tallyman.ingest.webhook;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared secret a registry sends as {@code Authorization: Bearer <token>}. Both sides are
 * hashed before {@link MessageDigest#isEqual} so neither the content nor the length of the expected
 * token leaks through response timing.
 */
public final class BearerToken {
  private static final Logger LOG = LoggerFactory.getLogger(BearerToken.class);
  private static final String SCHEME = "bearer ";

  private final Supplier<SharedSecret> expected;

  public BearerToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    SharedSecret secret = new SharedSecret(token);
    this.expected = () -> secret;
  }

  /** A token read from its {@link SecretRef} at each check, so a rotated file takes effect. */
  public BearerToken(SecretRef token) {
    this.expected = token::current;
  }

  /** Null when neither value nor file is configured. */
  public static BearerToken orNull(String value, String file) {
    SecretRef ref = SecretRef.of(value, file);
    return ref == null ? null : new BearerToken(ref);
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
    return expected.get().matches(presented) ? Check.OK : Check.WRONG;
  }

  /** Why a request is refused: an HTTP status and a reason safe to send back. */
  public record Denial(int status, String reason) {}

  /**
   * The API-token gate of the on-demand endpoints: empty when the request may proceed. A missing
   * token configuration or an unreadable token file is a 503 (the caller retries), a bad header a
   * 401.
   */
  public static Optional<Denial> deny(BearerToken token, String authorizationHeader) {
    if (token == null) {
      return Optional.of(new Denial(503, "webhook token not configured"));
    }
    Check check;
    try {
      check = token.check(authorizationHeader);
    } catch (SecretRef.SecretUnavailable e) {
      LOG.error("API token unavailable: {}", e.getMessage());
      return Optional.of(new Denial(503, "API token unavailable, retry later"));
    }
    return check == Check.OK ? Optional.empty() : Optional.of(new Denial(401, check.reason()));
  }
}
