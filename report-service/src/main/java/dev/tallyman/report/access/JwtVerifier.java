package dev.tallyman.report.access;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates OIDC access tokens (JWS) against the issuer's JWKS with nimbus-jose-jwt: signature
 * (RS256/ES256 only, never "none" or HMAC with a public key), issuer, audience, expiry. The role
 * comes from the {@code roles} claim (highest wins) and the tenants from {@code tallyman_tenants}
 * (grants like {@code registry/prefix}).
 */
public final class JwtVerifier {
  public static final String ROLES_CLAIM = "roles";
  public static final String TENANTS_CLAIM = "tallyman_tenants";

  private final DefaultJWTProcessor<SecurityContext> processor;

  public JwtVerifier(URL jwks, String issuer, String audience) {
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(jwks, new DefaultResourceRetriever(2000, 2000, 512 * 1024))
            .retrying(true)
            .build();
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience == null || audience.isBlank() ? null : audience,
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            new HashSet<>(List.of("sub", "exp"))));
  }

  /**
   * @throws AccessDenied (401) with the reason when the token is not valid
   */
  public Principal verify(String jwt) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (Exception e) {
      throw AccessDenied.unauthenticated("invalid JWT: " + clip(e.getMessage()));
    }
    Role role = null;
    try {
      List<String> roles = claims.getStringListClaim(ROLES_CLAIM);
      for (String r : roles == null ? List.<String>of() : roles) {
        Role parsed = Role.parse(r).orElse(null);
        if (parsed != null && (role == null || parsed.includes(role))) {
          role = parsed;
        }
      }
      List<Grant> grants = new ArrayList<>();
      List<String> tenants = claims.getStringListClaim(TENANTS_CLAIM);
      for (String t : tenants == null ? List.<String>of() : tenants) {
        grants.add(Grant.parse(t));
      }
      if (role == null) {
        throw AccessDenied.forbidden("JWT of " + claims.getSubject() + " carries no known role");
      }
      return new Principal(claims.getSubject(), role, grants);
    } catch (java.text.ParseException | IllegalArgumentException e) {
      throw AccessDenied.unauthenticated("invalid JWT claims: " + clip(e.getMessage()));
    }
  }

  private static String clip(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
  }
}
