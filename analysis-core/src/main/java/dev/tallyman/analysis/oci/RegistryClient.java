package dev.tallyman.analysis.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.DigestMismatchException;
import dev.tallyman.analysis.ImageNotFoundException;
import dev.tallyman.analysis.io.LimitedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * OCI distribution client (pull side only): manifests and blobs, anonymous bearer tokens and basic
 * credentials. Redirects are followed by hand so that credentials never go to a blob store.
 */
public final class RegistryClient {
  private static final int MAX_REDIRECTS = 5;
  private final HttpClient http;
  private final Map<String, RegistrySettings> settings;
  private final Duration timeout;
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();

  public RegistryClient(List<RegistrySettings> settings, Duration timeout) {
    this.settings =
        settings.stream()
            .collect(Collectors.toMap(RegistrySettings::host, Function.identity(), (a, b) -> b));
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public RegistryClient() {
    this(List.of(), Duration.ofSeconds(30));
  }

  /** Fetches a manifest by tag or digest; by digest the bytes are verified against it. */
  public RawManifest manifest(ImageReference ref) throws IOException {
    String reference = ref.manifestReference();
    URI uri = uri(ref.registry(), "/v2/" + ref.repository() + "/manifests/" + reference);
    HttpResponse<InputStream> resp =
        get(ref.registry(), ref.repository(), uri, MediaTypes.MANIFEST_ACCEPT);
    try (InputStream body = resp.body()) {
      check(resp, "manifest " + ref);
      byte[] bytes = LimitedInputStream.readAll(body, Manifests.MAX_JSON_BYTES, "manifest " + ref);
      String actual = Digests.sha256(bytes);
      if (ref.digest() != null && !ref.digest().equals(actual)) {
        throw new DigestMismatchException("manifest " + ref, ref.digest(), actual);
      }
      String announced = resp.headers().firstValue("Docker-Content-Digest").orElse(null);
      if (announced != null && Digests.isValid(announced) && !announced.equals(actual)) {
        throw new DigestMismatchException(
            "manifest " + ref + " (Docker-Content-Digest)", announced, actual);
      }
      String contentType = resp.headers().firstValue("Content-Type").orElse("");
      return new RawManifest(bytes, contentType, actual);
    }
  }

  /** Opens a blob; the stream throws {@link DigestMismatchException} at EOF on bad content. */
  public InputStream blob(String registry, String repository, Descriptor d) throws IOException {
    Digests.require(d.digest());
    URI uri = uri(registry, "/v2/" + repository + "/blobs/" + d.digest());
    HttpResponse<InputStream> resp = get(registry, repository, uri, "*/*");
    try {
      check(resp, "blob " + d.digest() + " in " + registry + "/" + repository);
    } catch (IOException | RuntimeException e) {
      resp.body().close();
      throw e;
    }
    return new DigestVerifyingInputStream(resp.body(), d.digest(), d.size());
  }

  private void check(HttpResponse<?> resp, String what) throws IOException {
    int status = resp.statusCode();
    if (status == 200) {
      return;
    }
    if (status == 404) {
      throw new ImageNotFoundException(what + " not found (HTTP 404)");
    }
    if (status == 429 || status >= 500) {
      throw new RegistryUnavailableException(what + ": registry answered HTTP " + status);
    }
    if (status == 401 || status == 403) {
      throw new AnalysisException(what + ": access denied (HTTP " + status + ")");
    }
    throw new AnalysisException(what + ": unexpected HTTP " + status);
  }

  private HttpResponse<InputStream> get(String registry, String repository, URI uri, String accept)
      throws IOException {
    String key = registry + "|" + repository;
    HttpResponse<InputStream> resp = send(uri, accept, authorizations.get(key));
    if (resp.statusCode() == 401) {
      AuthChallenge challenge =
          AuthChallenge.parse(resp.headers().firstValue("WWW-Authenticate").orElse(""));
      resp.body().close();
      String authorization = authorize(registry, repository, challenge);
      if (authorization != null) {
        authorizations.put(key, authorization);
        resp = send(uri, accept, authorization);
      } else {
        return send(uri, accept, null);
      }
    }
    for (int hops = 0; isRedirect(resp.statusCode()) && hops < MAX_REDIRECTS; hops++) {
      String location = resp.headers().firstValue("Location").orElse(null);
      resp.body().close();
      if (location == null) {
        throw new AnalysisException(uri + ": redirect without Location");
      }
      URI next = uri.resolve(location);
      // Same host keeps the token; a blob store elsewhere gets no credentials.
      String auth = next.getAuthority().equals(uri.getAuthority()) ? authorizations.get(key) : null;
      resp = send(next, accept, auth);
    }
    return resp;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private String authorize(String registry, String repository, AuthChallenge challenge)
      throws IOException {
    RegistrySettings s = settings.get(registry);
    String basic =
        s != null && s.hasCredentials()
            ? "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (s.username() + ":" + s.password()).getBytes(StandardCharsets.UTF_8))
            : null;
    if (challenge.isBasic()) {
      return basic;
    }
    if (!challenge.isBearer() || challenge.params().get("realm") == null) {
      return null;
    }
    String scope = challenge.params().getOrDefault("scope", "repository:" + repository + ":pull");
    StringBuilder q = new StringBuilder();
    if (challenge.params().containsKey("service")) {
      q.append("service=").append(enc(challenge.params().get("service"))).append('&');
    }
    q.append("scope=").append(enc(scope));
    URI realm = URI.create(challenge.params().get("realm"));
    if (!"https".equals(realm.getScheme()) && !"http".equals(realm.getScheme())) {
      throw new AnalysisException("token realm has unsupported scheme: " + realm);
    }
    URI tokenUri = URI.create(realm + (realm.getQuery() == null ? "?" : "&") + q);
    HttpResponse<InputStream> resp = send(tokenUri, "application/json", basic);
    try (InputStream body = resp.body()) {
      check(resp, "token from " + realm.getHost());
      JsonNode json =
          Manifests.JSON.readTree(LimitedInputStream.readAll(body, 1 << 20, "token response"));
      String token = json.path("token").asText(json.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new AnalysisException("token response from " + realm.getHost() + " has no token");
      }
      return "Bearer " + token;
    }
  }

  private HttpResponse<InputStream> send(URI uri, String accept, String authorization)
      throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", accept);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted talking to " + uri.getHost());
    }
  }

  private URI uri(String registry, String path) {
    String apiHost = registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
    return URI.create((isPlainHttp(registry) ? "http://" : "https://") + apiHost + path);
  }

  /** Loopback registries and configured insecure ones speak plain HTTP. */
  public boolean isPlainHttp(String registry) {
    RegistrySettings s = settings.get(registry);
    if (s != null) {
      return s.insecure();
    }
    String host =
        registry.startsWith("[")
            ? registry.substring(0, registry.indexOf(']') + 1)
            : registry.split(":")[0];
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
