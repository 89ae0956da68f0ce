package dev.tallyman.analysis.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.oci.auth.Credential;
import dev.tallyman.analysis.oci.auth.CredentialProvider;
import dev.tallyman.analysis.oci.auth.DockerConfig;
import dev.tallyman.analysis.testing.StandInServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token flows against a stand-in registry + token server on 127.0.0.1 that behave like
 * Distribution's token auth: a 401 with a Bearer challenge naming realm, service and scope; tokens
 * valid for one scope and revocable.
 */
class RegistryAuthTest {
  static final String SECRET = "pa55-w0rd-never-printed";
  static final byte[] MANIFEST =
      ("{\"schemaVersion\":2,\"mediaType\":\""
              + MediaTypes.OCI_MANIFEST
              + "\",\"config\":{\"mediaType\":\""
              + MediaTypes.OCI_CONFIG
              + "\",\"digest\":\"sha256:"
              + "1".repeat(64)
              + "\",\"size\":1},\"layers\":[]}")
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  /** token -> scope it grants */
  final Map<String, String> validTokens = new ConcurrentHashMap<>();

  final AtomicInteger issued = new AtomicInteger();
  volatile long expiresIn = 3600;

  /** Authorization the token endpoint requires (null = anonymous allowed) */
  volatile String tokenEndpointRequires;

  volatile String refreshTokenAccepted;
  volatile boolean issueUselessTokens;

  final StandInServer server =
      new StandInServer(
          (r, ex) -> {
            if (r.path().equals("/token")) {
              Map<String, String> q = r.method().equals("POST") ? form(r.body()) : form(r.query());
              if (r.method().equals("POST")) {
                if (!"refresh_token".equals(q.get("grant_type"))
                    || !q.getOrDefault("refresh_token", "").equals(refreshTokenAccepted)) {
                  StandInServer.json(ex, 401, "{\"error\":\"invalid_grant\"}");
                  return;
                }
              } else if (tokenEndpointRequires != null
                  && !tokenEndpointRequires.equals(r.header("Authorization"))) {
                // a careless server echoing what it got: the client must not repeat it
                StandInServer.json(ex, 401, "{\"details\":\"" + r.header("Authorization") + "\"}");
                return;
              }
              String token = "tok-" + issued.incrementAndGet();
              if (!issueUselessTokens) {
                validTokens.put(token, q.get("scope"));
              }
              StandInServer.json(
                  ex,
                  200,
                  "{\""
                      + (r.method().equals("POST") ? "access_token" : "token")
                      + "\":\""
                      + token
                      + "\",\"expires_in\":"
                      + expiresIn
                      + "}");
              return;
            }
            String repo = r.path().substring(4, r.path().indexOf("/manifests/"));
            String scope = "repository:" + repo + ":pull";
            String auth = r.header("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
            if (token == null || !scope.equals(validTokens.get(token))) {
              ex.getResponseHeaders()
                  .add(
                      "WWW-Authenticate",
                      "Bearer realm=\""
                          + urlOf()
                          + "/token\",service=\"stand-in\",scope=\""
                          + scope
                          + "\"");
              StandInServer.json(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
              return;
            }
            StandInServer.send(ex, 200, MediaTypes.OCI_MANIFEST, MANIFEST);
          });

  private String urlOf() {
    return server.url();
  }

  static Map<String, String> form(String s) {
    Map<String, String> m = new HashMap<>();
    if (s == null || s.isEmpty()) {
      return m;
    }
    for (String part : s.split("&")) {
      int eq = part.indexOf('=');
      m.put(
          URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RegistryClient client(CredentialProvider credentials) {
    return new RegistryClient(
        List.of(new RegistrySettings(server.host(), true, credentials, 4)), Duration.ofSeconds(5));
  }

  private List<StandInServer.Request> tokenRequests() {
    return server.requests.stream().filter(r -> r.path().equals("/token")).toList();
  }

  private RawManifest pull(RegistryClient c, String repo) throws IOException {
    return c.manifest(ImageReference.parse(server.host() + "/" + repo + ":v1"));
  }

  @Test
  void tokensAreCachedPerScopeUntilTheyExpire() throws IOException {
    RegistryClient c = client(CredentialProvider.NONE);
    pull(c, "team/a");
    pull(c, "team/a");
    pull(c, "team/b");
    pull(c, "team/b");

    assertThat(tokenRequests())
        .extracting(r -> form(r.query()).get("scope"))
        .containsExactly("repository:team/a:pull", "repository:team/b:pull");
    assertThat(tokenRequests()).allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
    // team/b was fetched with a token up front: the challenge of the registry was remembered
    long unauthorized =
        server.requests.stream()
            .filter(r -> r.path().contains("/team/b/") && r.header("Authorization") == null)
            .count();
    assertThat(unauthorized).isZero();
  }

  @Test
  void expiresInIsHonoured() throws IOException {
    expiresIn = 0; // already stale when issued: every pull needs a fresh one
    RegistryClient c = client(CredentialProvider.NONE);
    for (int i = 0; i < 3; i++) {
      assertThat(pull(c, "app").bytes()).isEqualTo(MANIFEST);
    }
    assertThat(tokenRequests()).hasSize(3);
  }

  @Test
  void revokedTokenIsReplacedAfterOne401() throws IOException {
    RegistryClient c = client(CredentialProvider.NONE);
    pull(c, "app");
    validTokens.clear(); // e.g. the token server's signing key rotated

    assertThat(pull(c, "app").bytes()).isEqualTo(MANIFEST);
    assertThat(tokenRequests()).hasSize(2);
  }

  @Test
  void reauthenticatesOnlyOnceWhenTheRegistryKeepsRefusing() {
    issueUselessTokens = true;
    RegistryClient c = client(CredentialProvider.NONE);

    assertThatThrownBy(() -> pull(c, "app"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("access denied (HTTP 401)");
    assertThat(tokenRequests()).hasSize(1);
    assertThat(server.requests.stream().filter(r -> r.path().contains("/manifests/"))).hasSize(2);
  }

  @Test
  void basicCredentialsAreSentToTheTokenServerOnly() throws IOException {
    Credential cred = Credential.basic("ci", SECRET);
    tokenEndpointRequires = cred.basicHeader();
    RegistryClient c = client(CredentialProvider.of(cred));

    assertThat(pull(c, "app").bytes()).isEqualTo(MANIFEST);
    assertThat(server.requests)
        .filteredOn(r -> r.path().contains("/manifests/"))
        .extracting(r -> String.valueOf(r.header("Authorization")))
        .containsExactly("null", "Bearer tok-1");
  }

  @Test
  void identityTokenFromDockerConfigIsExchangedWithAPost() throws IOException {
    refreshTokenAccepted = "refresh-" + SECRET;
    Path config = tmp.resolve("config.json");
    Files.writeString(
        config,
        "{\"auths\":{\"http://"
            + server.host()
            + "\":{\"identitytoken\":\""
            + refreshTokenAccepted
            + "\"}}}");
    RegistryClient c =
        new RegistryClient(
            List.of(), Duration.ofSeconds(5), DockerConfig.read(config), 4, RetryPolicy.DEFAULT);

    assertThat(pull(c, "team/app").bytes()).isEqualTo(MANIFEST);
    StandInServer.Request post = tokenRequests().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(form(post.body()))
        .containsEntry("grant_type", "refresh_token")
        .containsEntry("service", "stand-in")
        .containsEntry("scope", "repository:team/app:pull")
        .containsEntry("refresh_token", refreshTokenAccepted);
  }

  @Test
  void secretsAppearInNoMessageAndNoToString() {
    tokenEndpointRequires = "Basic something-else";
    CredentialProvider provider = CredentialProvider.of(Credential.basic("ci", SECRET));
    RegistrySettings settings = new RegistrySettings(server.host(), true, provider, 4);
    RegistryClient c = new RegistryClient(List.of(settings), Duration.ofSeconds(5));

    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> pull(c, "app"));

    assertThat(t).isInstanceOf(AnalysisException.class).hasMessageContaining("credentials refused");
    String encoded =
        java.util.Base64.getEncoder()
            .encodeToString(("ci:" + SECRET).getBytes(StandardCharsets.UTF_8));
    for (String s :
        Set.of(
            String.valueOf(t),
            settings.toString(),
            provider.toString(),
            Credential.basic("ci", SECRET).toString(),
            Credential.identityToken(SECRET).toString())) {
      assertThat(s).doesNotContain(SECRET).doesNotContain(encoded);
    }
  }

  @Test
  void basicChallengeWithoutCredentialsSaysSo() {
    try (StandInServer basicOnly =
        new StandInServer(
            (r, ex) -> {
              ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
              StandInServer.json(ex, 401, "{}");
            })) {
      assertThatThrownBy(
              () ->
                  new RegistryClient().manifest(ImageReference.parse(basicOnly.host() + "/app:v1")))
          .isInstanceOf(AnalysisException.class)
          .hasMessageContaining("Basic challenge, no usable credentials");
    }
  }
}
