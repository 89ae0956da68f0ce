package dev.tallyman.analysis.oci.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.oci.ImageReference;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.oci.RegistrySettings;
import dev.tallyman.analysis.oci.RetryPolicy;
import dev.tallyman.analysis.testing.StandInServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * ACR's documented flow against stand-ins: AAD token (managed identity or client credentials) ->
 * POST /oauth2/exchange (grant_type=access_token) -> refresh token -> POST /oauth2/token
 * (grant_type=refresh_token, scope) -> access token -> registry.
 */
class AcrCredentialProviderTest {
  static final String AAD_TOKEN = "aad-access-token-never-printed";
  static final Instant REFRESH_EXP = Instant.parse("2026-11-28T11:00:00Z");

  static Map<String, String> form(String s) {
    Map<String, String> m = new HashMap<>();
    if (s == null || s.isEmpty()) {
      return m;
    }
    for (String part : s.split("&")) {
      int eq = part.indexOf('=');
      m.put(
          part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  static StandInServer aad() {
    return new StandInServer(
        (r, ex) -> {
          Map<String, String> q = form(r.query());
          boolean managedIdentity =
              r.method().equals("GET")
                  && "true".equals(r.header("Metadata"))
                  && "https://management.azure.com/".equals(q.get("resource"))
                  && q.containsKey("api-version");
          Map<String, String> f = form(r.body());
          boolean clientCredentials =
              r.method().equals("POST")
                  && r.path().equals("/tenant-1/oauth2/v2.0/token")
                  && "client_credentials".equals(f.get("grant_type"))
                  && "app-id".equals(f.get("client_id"))
                  && "client-s3cret".equals(f.get("client_secret"));
          if (!managedIdentity && !clientCredentials) {
            StandInServer.json(ex, 400, "{\"error\":\"invalid_request\"}");
            return;
          }
          StandInServer.json(
              ex, 200, "{\"access_token\":\"" + AAD_TOKEN + "\",\"expires_in\":\"3599\"}");
        });
  }

  /** The registry side: exchange, token and /v2/ endpoints on one host, as ACR serves them. */
  static StandInServer acr(AtomicReference<String> refreshIssued) {
    String payload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"exp\":" + REFRESH_EXP.getEpochSecond() + "}")
                    .getBytes(StandardCharsets.UTF_8));
    String refresh = "eyJhbGciOiJSUzI1NiJ9." + payload + ".sig";
    return new StandInServer(
        (r, ex) -> {
          String host = r.header("Host");
          Map<String, String> f = form(r.body());
          switch (r.path()) {
            case "/oauth2/exchange" -> {
              if ("access_token".equals(f.get("grant_type"))
                  && AAD_TOKEN.equals(f.get("access_token"))
                  && host.equals(f.get("service"))) {
                refreshIssued.set(refresh);
                StandInServer.json(ex, 200, "{\"refresh_token\":\"" + refresh + "\"}");
              } else {
                StandInServer.json(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
              }
            }
            case "/oauth2/token" -> {
              if ("refresh_token".equals(f.get("grant_type"))
                  && refresh.equals(f.get("refresh_token"))
                  && "repository:team/app:pull".equals(f.get("scope"))) {
                StandInServer.json(ex, 200, "{\"access_token\":\"acr-access\"}");
              } else {
                StandInServer.json(ex, 401, "{}");
              }
            }
            default -> {
              if (!"Bearer acr-access".equals(r.header("Authorization"))) {
                ex.getResponseHeaders()
                    .add(
                        "WWW-Authenticate",
                        "Bearer realm=\"http://"
                            + host
                            + "/oauth2/token\",service=\""
                            + host
                            + "\",scope=\"repository:team/app:pull\"");
                StandInServer.json(ex, 401, "{}");
                return;
              }
              StandInServer.send(
                  ex, 200, MediaTypes.OCI_MANIFEST, EcrCredentialProviderTest.MANIFEST);
            }
          }
        });
  }

  private static void pullThrough(StandInServer registry, CredentialProvider p) throws IOException {
    RegistryClient client =
        new RegistryClient(
            List.of(new RegistrySettings(registry.host(), true, p, 4)),
            Duration.ofSeconds(5),
            CredentialProvider.NONE,
            4,
            RetryPolicy.DEFAULT);
    assertThat(client.manifest(ImageReference.parse(registry.host() + "/team/app:1")).bytes())
        .isEqualTo(EcrCredentialProviderTest.MANIFEST);
  }

  @Test
  void managedIdentityTokenIsExchangedForRefreshThenAccessToken() throws IOException {
    AtomicReference<String> issued = new AtomicReference<>();
    try (StandInServer aad = aad();
        StandInServer registry = acr(issued)) {
      AcrCredentialProvider p =
          (AcrCredentialProvider)
              CredentialProviders.create(
                  Map.of(
                      "credentials", "acr",
                      "acr-managed-identity-url", aad.url() + "/metadata/identity/oauth2/token",
                      "acr-exchange-url", registry.url() + "/oauth2/exchange"),
                  Map.of(),
                  Duration.ofSeconds(5),
                  Clock.systemUTC());

      Credential c = p.credentials(registry.host()).orElseThrow();
      assertThat(c.isIdentityToken()).isTrue();
      assertThat(c.secret()).isEqualTo(issued.get());
      assertThat(c.expiresAt()).isEqualTo(REFRESH_EXP);

      pullThrough(registry, p);
      assertThat(registry.requests)
          .extracting(StandInServer.Request::path)
          .contains("/oauth2/exchange", "/oauth2/token", "/v2/team/app/manifests/1");
    }
  }

  @Test
  void servicePrincipalUsesTheClientCredentialsGrant() throws IOException {
    AtomicReference<String> issued = new AtomicReference<>();
    try (StandInServer aad = aad();
        StandInServer registry = acr(issued)) {
      CredentialProvider p =
          CredentialProviders.create(
              Map.of(
                  "credentials", "acr",
                  "acr-authority", aad.url(),
                  "acr-tenant-id", "tenant-1",
                  "acr-client-id", "app-id",
                  "acr-client-secret", "client-s3cret",
                  "acr-exchange-url", registry.url() + "/oauth2/exchange"),
              Map.of(),
              Duration.ofSeconds(5),
              Clock.systemUTC());
      pullThrough(registry, p);
      assertThat(form(registry.requests.get(1).body())).containsEntry("tenant", "tenant-1");
      assertThat(p.toString()).doesNotContain("client-s3cret");
    }
  }
}
