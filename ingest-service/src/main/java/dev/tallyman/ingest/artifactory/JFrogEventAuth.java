package dev.tallyman.ingest.artifactory;

import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.SecretRef;
import dev.tallyman.ingest.webhook.WebhookAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-JFrog-Event-Auth} header of a JFrog webhook. JFrog has two modes, chosen per webhook
 * handler by "use secret for signing": on, the header is the hex HMAC-SHA256 of the exact body
 * under the secret (the secret never travels); off, the header is the secret itself. Both are
 * compared in constant time; the mode is configured, never guessed from the request.
 */
public final class JFrogEventAuth implements WebhookAuthenticator {
  public static final String HEADER = "X-JFrog-Event-Auth";

  private final SecretRef secret;
  private final boolean signed;

  public JFrogEventAuth(String secret, boolean signed) {
    this(requireSecret(secret), signed);
  }

  /** Read at each request, so a rotated secret file takes effect without a restart. */
  public JFrogEventAuth(SecretRef secret, boolean signed) {
    this.secret = secret;
    this.signed = signed;
  }

  private static SecretRef requireSecret(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("secret must not be blank");
    }
    return SecretRef.of(secret, null);
  }

  @Override
  public Optional<String> refusal(Delivery delivery) {
    String presented = delivery.header().apply(HEADER);
    if (presented == null || presented.isEmpty()) {
      return Optional.of("missing " + HEADER + " header");
    }
    if (!signed) {
      return secret.current().matches(presented)
          ? Optional.empty()
          : Optional.of("wrong webhook secret");
    }
    byte[] expected =
        signature(secret.value(), delivery.body()).getBytes(StandardCharsets.US_ASCII);
    byte[] given = presented.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given)
        ? Optional.empty()
        : Optional.of("signature does not match the body");
  }

  /** Lowercase hex HMAC-SHA256 of {@code body} keyed with {@code secret}. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
