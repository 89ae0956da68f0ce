package dev.tallyman.report.access;

import java.util.Optional;

/**
 * Turns an {@code Authorization} header into a {@link Principal}: {@code Bearer tm_...} is an API
 * token, any other bearer value with two dots a JWT. Switched off (everything visible) only when
 * neither tokens nor a JWKS are configured and {@code enabled} is false.
 */
public final class Authenticator {
  private final boolean enabled;
  private final ApiTokens tokens;
  private final JwtVerifier jwt; // null when no JWKS configured

  public Authenticator(boolean enabled, ApiTokens tokens, JwtVerifier jwt) {
    this.enabled = enabled;
    this.tokens = tokens;
    this.jwt = jwt;
  }

  public static Authenticator disabled() {
    return new Authenticator(false, ApiTokens.parse(java.util.List.of()), null);
  }

  public boolean enabled() {
    return enabled;
  }

  public Principal authenticate(String authorization) {
    if (!enabled) {
      return Principal.UNRESTRICTED;
    }
    if (authorization == null || authorization.isBlank()) {
      throw AccessDenied.unauthenticated("missing Authorization: Bearer <token>");
    }
    String a = authorization.trim();
    if (a.length() < 7 || !a.substring(0, 7).equalsIgnoreCase("Bearer ")) {
      throw AccessDenied.unauthenticated("Authorization must use the Bearer scheme");
    }
    String credential = a.substring(7).trim();
    if (credential.length() > 16_384) {
      throw AccessDenied.unauthenticated("bearer token too long");
    }
    if (credential.startsWith(ApiTokens.PREFIX)) {
      return tokens
          .lookup(credential)
          .orElseThrow(() -> AccessDenied.unauthenticated("unknown API token"));
    }
    if (credential.chars().filter(c -> c == '.').count() == 2) {
      return Optional.ofNullable(jwt)
          .orElseThrow(() -> AccessDenied.unauthenticated("JWTs are not accepted (no JWKS set)"))
          .verify(credential);
    }
    throw AccessDenied.unauthenticated("bearer token is neither an API token nor a JWT");
  }

  /** The role a path needs; null for public paths. */
  public static Role required(String path) {
    if (path.equals("/health")
        || path.startsWith("/health/")
        || path.equals("/openapi")
        || path.equals("/openapi.yml")
        || path.startsWith("/swagger/")) {
      return null;
    }
    if (path.startsWith("/v1/scans")) {
      return Role.OPERATOR;
    }
    if (path.startsWith("/prometheus")) {
      return Role.ADMIN;
    }
    return Role.VIEWER;
  }
}
