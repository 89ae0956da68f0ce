package dev.tallyman.analysis.oci.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.AnalysisException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Azure Container Registry: an AAD access token (from a managed-identity endpoint, or the client
 * credentials grant of a service principal) is exchanged at {@code POST /oauth2/exchange} for an
 * ACR refresh token. That refresh token is an identity token: the registry client trades it for a
 * scoped access token at the realm its challenge names ({@code POST /oauth2/token}, grant type
 * {@code refresh_token}), exactly as for a Docker {@code identitytoken}.
 */
public final class AcrCredentialProvider implements CredentialProvider {
  public static final String DEFAULT_MANAGED_IDENTITY_URL =
      "http://169.254.169.254/metadata/identity/oauth2/token";
  public static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
  static final String ARM_RESOURCE = "https://management.azure.com/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the AAD token is obtained; secrets are never printed. */
  public sealed interface AadSource {}

  /** Managed identity (IMDS): {@code GET url?api-version&resource} with {@code Metadata: true}. */
  public record ManagedIdentity(URI url, String clientId) implements AadSource {}

  /**
   * A service principal: client credentials grant at {@code authority/tenant/oauth2/v2.0/token}.
   */
  public record ClientSecret(URI authority, String tenantId, String clientId, String clientSecret)
      implements AadSource {
    @Override
    public String toString() {
      return "ClientSecret[tenantId=" + tenantId + ", clientId=" + clientId + ", secret=***]";
    }
  }

  private final AadSource aad;
  private final URI exchangeUrl;
  private final String tenantId;
  private final TokenHttp http;
  private final Clock clock;

  /** {@code exchangeUrl} null = {@code https://<registry>/oauth2/exchange}. */
  public AcrCredentialProvider(
      AadSource aad, URI exchangeUrl, String tenantId, TokenHttp http, Clock clock) {
    this.aad = aad;
    this.exchangeUrl = exchangeUrl;
    this.tenantId = tenantId;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public Optional<Credential> credentials(String registry) throws IOException {
    String aadToken = aadToken();
    URI exchange =
        exchangeUrl != null ? exchangeUrl : URI.create("https://" + registry + "/oauth2/exchange");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "access_token");
    form.put("service", registry);
    form.put("tenant", tenantId);
    form.put("access_token", aadToken);
    JsonNode answer =
        http.json(
            http.request(exchange)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(TokenHttp.form(form))
                .build(),
            "ACR token exchange");
    String refresh = TokenHttp.requireText(answer, "refresh_token", "ACR token exchange");
    return Optional.of(Credential.identityToken(refresh).expiringAt(expiry(refresh)));
  }

  private String aadToken() throws IOException {
    JsonNode answer;
    if (aad instanceof ManagedIdentity mi) {
      String q =
          "api-version=2018-02-01&resource="
              + TokenHttp.enc(ARM_RESOURCE)
              + (mi.clientId() == null ? "" : "&client_id=" + TokenHttp.enc(mi.clientId()));
      URI base = mi.url() != null ? mi.url() : URI.create(DEFAULT_MANAGED_IDENTITY_URL);
      answer =
          http.json(
              http.request(URI.create(base + (base.getQuery() == null ? "?" : "&") + q))
                  .header("Metadata", "true")
                  .GET()
                  .build(),
              "AAD managed identity token");
    } else if (aad instanceof ClientSecret cs) {
      URI authority = cs.authority() != null ? cs.authority() : URI.create(DEFAULT_AUTHORITY);
      URI token = URI.create(authority + "/" + cs.tenantId() + "/oauth2/v2.0/token");
      answer =
          http.json(
              http.request(token)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      TokenHttp.form(
                          Map.of(
                              "grant_type",
                              "client_credentials",
                              "client_id",
                              cs.clientId(),
                              "client_secret",
                              cs.clientSecret(),
                              "scope",
                              ARM_RESOURCE + ".default")))
                  .build(),
              "AAD client credentials token");
    } else {
      throw new AnalysisException("ACR: no AAD token source configured");
    }
    return TokenHttp.requireText(answer, "access_token", "AAD token");
  }

  /** The refresh token is a JWT; its {@code exp} says how long to keep it (else ~3 hours). */
  private Instant expiry(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length >= 2) {
      try {
        JsonNode claims =
            JSON.readTree(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        if (claims != null && claims.path("exp").isNumber()) {
          return Instant.ofEpochSecond(claims.path("exp").asLong());
        }
      } catch (IOException | IllegalArgumentException e) {
        // opaque token: fall through
      }
    }
    return clock.instant().plus(Duration.ofHours(3));
  }

  @Override
  public String toString() {
    return "acr(" + aad + ")";
  }
}
