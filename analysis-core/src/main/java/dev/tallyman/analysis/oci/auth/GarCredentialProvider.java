package dev.tallyman.analysis.oci.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.io.LimitedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Google Artifact Registry (and Container Registry): an OAuth2 access token, sent as HTTP Basic
 * {@code oauth2accesstoken:<token>}. The token comes from the GCE metadata server ({@code
 * Metadata-Flavor: Google}) or from a service-account JSON key (a signed RS256 JWT exchanged at the
 * key's {@code token_uri}, grant type {@code jwt-bearer}).
 */
public final class GarCredentialProvider implements CredentialProvider {
  public static final String USERNAME = "oauth2accesstoken";
  public static final String DEFAULT_METADATA_URL =
      "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token";
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI metadataUrl;
  private final Path serviceAccountKey;
  private final URI tokenUrlOverride;
  private final TokenHttp http;
  private final Clock clock;

  private GarCredentialProvider(
      URI metadataUrl, Path serviceAccountKey, URI tokenUrlOverride, TokenHttp http, Clock clock) {
    this.metadataUrl = metadataUrl;
    this.serviceAccountKey = serviceAccountKey;
    this.tokenUrlOverride = tokenUrlOverride;
    this.http = http;
    this.clock = clock;
  }

  public static GarCredentialProvider metadata(URI metadataUrl, TokenHttp http, Clock clock) {
    return new GarCredentialProvider(
        metadataUrl != null ? metadataUrl : URI.create(DEFAULT_METADATA_URL),
        null,
        null,
        http,
        clock);
  }

  /** {@code tokenUrl} null = the key's own {@code token_uri}. */
  public static GarCredentialProvider serviceAccount(
      Path keyFile, URI tokenUrl, TokenHttp http, Clock clock) {
    return new GarCredentialProvider(null, keyFile, tokenUrl, http, clock);
  }

  @Override
  public Optional<Credential> credentials(String registry) throws IOException {
    JsonNode answer =
        serviceAccountKey != null
            ? http.json(jwtBearerRequest(), "GAR token exchange")
            : http.json(
                http.request(metadataUrl).header("Metadata-Flavor", "Google").GET().build(),
                "GCE metadata token");
    String token = TokenHttp.requireText(answer, "access_token", "GAR token");
    long expiresIn = answer.path("expires_in").asLong(3600);
    return Optional.of(
        new Credential(USERNAME, token, clock.instant().plusSeconds(Math.max(0, expiresIn))));
  }

  private java.net.http.HttpRequest jwtBearerRequest() throws IOException {
    JsonNode key;
    try (InputStream in = Files.newInputStream(serviceAccountKey)) {
      key = JSON.readTree(LimitedInputStream.readAll(in, 1 << 20, "service account key"));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AnalysisException("service account key " + serviceAccountKey + " is not JSON");
    }
    String email = TokenHttp.requireText(key, "client_email", "service account key");
    String pem = TokenHttp.requireText(key, "private_key", "service account key");
    URI tokenUri =
        tokenUrlOverride != null
            ? tokenUrlOverride
            : URI.create(key.path("token_uri").asText("https://oauth2.googleapis.com/token"));
    Instant now = clock.instant();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", email);
    claims.put("scope", SCOPE);
    claims.put("aud", tokenUri.toString());
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
    String assertion = signRs256(claims, privateKey(pem), key.path("private_key_id").asText(""));
    return http.request(tokenUri)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(
            TokenHttp.form(
                Map.of(
                    "grant_type",
                    "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion",
                    assertion)))
        .build();
  }

  static String signRs256(Map<String, Object> claims, PrivateKey key, String keyId) {
    try {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("alg", "RS256");
      header.put("typ", "JWT");
      if (!keyId.isEmpty()) {
        header.put("kid", keyId);
      }
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String signingInput =
          b64.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + b64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(s.sign());
    } catch (GeneralSecurityException | IOException e) {
      throw new AnalysisException("cannot sign the service account assertion: " + e.getClass());
    }
  }

  /** A PKCS#8 PEM private key, as in Google's service account JSON. */
  static PrivateKey privateKey(String pem) {
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // never echo the key material
      throw new AnalysisException("service account key: private_key is not a PKCS#8 RSA key");
    }
  }

  @Override
  public String toString() {
    return serviceAccountKey != null
        ? "gar(service account " + serviceAccountKey + ")"
        : "gar(metadata " + metadataUrl.getHost() + ")";
  }
}
