package dev.tallyman.ingest.gar;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.RetryLater;
import dev.tallyman.ingest.webhook.WebhookAuthenticator;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The OIDC token Pub/Sub attaches to an authenticated push ({@code Authorization: Bearer <JWT>}):
 * RS256, signed by a key of Google's JWKS (fetched and cached by nimbus-jose-jwt), {@code aud} the
 * audience configured on the subscription, {@code iss} {@code accounts.google.com} (with or without
 * {@code https://}), {@code email} the push service account with {@code email_verified}, and {@code
 * exp}/{@code iat} present and current (60 s leeway).
 */
public final class PushJwtVerifier implements WebhookAuthenticator {
  static final Set<String> ISSUERS = Set.of("accounts.google.com", "https://accounts.google.com");
  private static final int MAX_TOKEN = 8192;

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String email;

  public PushJwtVerifier(URL jwks, String audience, String email, Duration timeout) {
    int millis = (int) timeout.toMillis();
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(jwks, new DefaultResourceRetriever(millis, millis, 256 * 1024))
            .build();
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audience,
            new JWTClaimsSet.Builder().build(),
            Set.of("iss", "aud", "exp", "iat", "email"));
    claims.setMaxClockSkew(60);
    processor.setJWTClaimsSetVerifier(claims);
    this.email = email;
  }

  @Override
  public Optional<String> refusal(Delivery delivery) {
    String header = delivery.header().apply("Authorization");
    if (header == null || header.length() <= 7) {
      return Optional.of("missing Authorization: Bearer <push token> header");
    }
    if (!header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return Optional.of("Authorization header is not a Bearer token");
    }
    String token = header.substring(7).strip();
    if (token.length() > MAX_TOKEN) {
      return Optional.of("push token too long");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (BadJWTException e) {
      return Optional.of("push token refused: " + e.getMessage());
    } catch (BadJOSEException e) {
      return Optional.of("push token signature refused: " + e.getMessage());
    } catch (ParseException e) {
      return Optional.of("push token is not a JWT");
    } catch (KeySourceException e) {
      throw new RetryLater("push token keys unavailable");
    } catch (JOSEException e) {
      return Optional.of("push token cannot be verified: " + e.getMessage());
    }
    if (!ISSUERS.contains(claims.getIssuer())) {
      return Optional.of("push token issuer is not accounts.google.com");
    }
    Object verified = claims.getClaim("email_verified");
    if (!(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
      return Optional.of("push token email is not verified");
    }
    Object presented = claims.getClaim("email");
    if (!email.equals(presented)) {
      return Optional.of("push token is for another service account");
    }
    return Optional.empty();
  }
}
