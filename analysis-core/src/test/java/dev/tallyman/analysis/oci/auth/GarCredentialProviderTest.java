package dev.tallyman.analysis.oci.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.oci.ImageReference;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.oci.RegistrySettings;
import dev.tallyman.analysis.oci.RetryPolicy;
import dev.tallyman.analysis.testing.StandInServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GAR: a GCE-metadata-style token endpoint, a Google-OAuth2-style JWT-bearer token endpoint that
 * verifies the assertion's RS256 signature, and a registry whose token server takes Basic {@code
 * oauth2accesstoken:<access token>}.
 */
class GarCredentialProviderTest {
  static final String ACCESS = "ya29.stand-in-access-token";
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  static Map<String, String> form(String s) {
    Map<String, String> m = new HashMap<>();
    for (String part : s.split("&")) {
      int eq = part.indexOf('=');
      m.put(
          part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  static StandInServer metadataServer() {
    return new StandInServer(
        (r, ex) -> {
          if (!"Google".equals(r.header("Metadata-Flavor"))
              || !r.path().endsWith("/service-accounts/default/token")) {
            StandInServer.json(ex, 403, "{}");
            return;
          }
          StandInServer.json(
              ex,
              200,
              "{\"access_token\":\""
                  + ACCESS
                  + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        });
  }

  @Test
  void metadataServerTokenBecomesBasicOauth2AccessToken() throws IOException {
    try (StandInServer md = metadataServer()) {
      GarCredentialProvider p =
          GarCredentialProvider.metadata(
              URI.create(md.url() + "/computeMetadata/v1/instance/service-accounts/default/token"),
              new TokenHttp(Duration.ofSeconds(5)),
              Clock.systemUTC());
      Credential c = p.credentials("europe-docker.pkg.dev").orElseThrow();
      assertThat(c.username()).isEqualTo("oauth2accesstoken");
      assertThat(c.secret()).isEqualTo(ACCESS);
      assertThat(c.expiresAt()).isAfter(java.time.Instant.now().plusSeconds(3500));
    }
  }

  @Test
  void serviceAccountKeyIsExchangedWithASignedJwt() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    try (StandInServer oauth =
            new StandInServer(
                (r, ex) -> {
                  Map<String, String> f = form(r.body());
                  String[] jwt = f.getOrDefault("assertion", "").split("\\.");
                  boolean ok = false;
                  try {
                    Signature s = Signature.getInstance("SHA256withRSA");
                    s.initVerify(keys.getPublic());
                    s.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
                    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
                    ok =
                        s.verify(Base64.getUrlDecoder().decode(jwt[2]))
                            && "urn:ietf:params:oauth:grant-type:jwt-bearer"
                                .equals(f.get("grant_type"))
                            && claims
                                .path("iss")
                                .asText()
                                .equals("scanner@proj.iam.gserviceaccount.com")
                            && claims.path("scope").asText().equals(GarCredentialProvider.SCOPE)
                            && claims.path("aud").asText().endsWith("/token")
                            && claims.path("exp").asLong() > claims.path("iat").asLong();
                  } catch (Exception e) {
                    ok = false;
                  }
                  if (!ok) {
                    StandInServer.json(ex, 400, "{\"error\":\"invalid_grant\"}");
                    return;
                  }
                  StandInServer.json(
                      ex, 200, "{\"access_token\":\"" + ACCESS + "\",\"expires_in\":3600}");
                });
        StandInServer registry = garRegistry()) {
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(keys.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      Path key = tmp.resolve("sa.json");
      Files.writeString(
          key,
          JSON.writeValueAsString(
              Map.of(
                  "type", "service_account",
                  "client_email", "scanner@proj.iam.gserviceaccount.com",
                  "private_key_id", "k1",
                  "private_key", pem,
                  "token_uri", oauth.url() + "/token")));
      CredentialProvider p =
          CredentialProviders.create(
              Map.of("credentials", "gar", "gar-service-account-file", key.toString()),
              Map.of(),
              Duration.ofSeconds(5),
              Clock.systemUTC());
      RegistryClient client =
          new RegistryClient(
              List.of(new RegistrySettings(registry.host(), true, p, 4)),
              Duration.ofSeconds(5),
              CredentialProvider.NONE,
              4,
              RetryPolicy.DEFAULT);

      assertThat(
              client
                  .manifest(ImageReference.parse(registry.host() + "/proj/repo/app:1"))
                  .mediaType())
          .isEqualTo(MediaTypes.OCI_MANIFEST);
      assertThat(oauth.requests).hasSize(1);
      assertThat(p.toString()).doesNotContain("PRIVATE KEY");
    }
  }

  /** GAR-like: Bearer challenge; the token endpoint takes Basic oauth2accesstoken:ACCESS. */
  static StandInServer garRegistry() {
    String basic = Credential.basic("oauth2accesstoken", ACCESS).basicHeader();
    return new StandInServer(
        (r, ex) -> {
          if (r.path().equals("/v2/token")) {
            if (!basic.equals(r.header("Authorization"))) {
              StandInServer.json(ex, 401, "{}");
              return;
            }
            StandInServer.json(ex, 200, "{\"token\":\"gar-registry-token\",\"expires_in\":3600}");
            return;
          }
          if (!"Bearer gar-registry-token".equals(r.header("Authorization"))) {
            ex.getResponseHeaders()
                .add(
                    "WWW-Authenticate",
                    "Bearer realm=\"http://" + r.header("Host") + "/v2/token\",service=\"gar\"");
            StandInServer.json(ex, 401, "{}");
            return;
          }
          StandInServer.send(ex, 200, MediaTypes.OCI_MANIFEST, EcrCredentialProviderTest.MANIFEST);
        });
  }

  @Test
  void brokenKeyIsAClearErrorWithoutKeyMaterial() throws IOException {
    Path key = tmp.resolve("sa.json");
    Files.writeString(
        key,
        "{\"client_email\":\"x@y\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nAAAASECRETISH\\n-----END PRIVATE KEY-----\"}");
    GarCredentialProvider p =
        GarCredentialProvider.serviceAccount(
            key,
            URI.create("http://127.0.0.1:9/token"),
            new TokenHttp(Duration.ofSeconds(1)),
            Clock.systemUTC());
    assertThatThrownBy(() -> p.credentials("europe-docker.pkg.dev"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("not a PKCS#8 RSA key")
        .hasMessageNotContaining("SECRETISH");
  }
}
