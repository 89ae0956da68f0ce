package dev.tallyman.analysis.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.DigestMismatchException;
import dev.tallyman.analysis.ImageNotFoundException;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.oci.auth.CachingCredentialProvider;
import dev.tallyman.analysis.oci.auth.Credential;
import dev.tallyman.analysis.oci.auth.CredentialProvider;
import dev.tallyman.analysis.oci.auth.TokenHttp;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCI distribution client (pull side only): manifests and blobs.
 *
 * <ul>
 *   <li>Auth is driven by the registry's {@code WWW-Authenticate} challenge: HTTP Basic, or a
 *       bearer token from the challenge's realm (GET with Basic credentials or anonymously; POST
 *       {@code grant_type=refresh_token} for identity tokens). Tokens are cached per registry and
 *       scope until {@code expires_in} (60 s when absent); a 401 with a cached token drops it and
 *       re-authenticates once.
 *   <li>Redirects are followed by hand; {@code Authorization} goes only to the registry's own host,
 *       never to a blob store elsewhere.
 *   <li>429 and 5xx are retried per {@link RetryPolicy}, honouring {@code Retry-After}.
 *   <li>At most {@link RegistrySettings#maxConcurrency()} requests per registry are in flight; a
 *       blob holds its slot until its stream is closed.
 * </ul>
 *
 * Secrets never reach logs or exception messages: only hosts, paths and status codes do.
 */
public final class RegistryClient {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
  private static final int MAX_REDIRECTS = 5;
  private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
  private static final Duration TOKEN_MARGIN = Duration.ofSeconds(10);
  private static final Duration SLOT_WAIT = Duration.ofMinutes(15);

  private record CachedAuth(String header, Instant expiresAt) {
    @Override
    public String toString() {
      return "CachedAuth[expiresAt=" + expiresAt + "]";
    }
  }

  // Built on the first request: building it loads TLS (~0.3 s of CPU), which a CLI analyzing a
  // local archive through the same code never needs.
  private volatile HttpClient http;
  private final Map<String, RegistrySettings> settings;
  private final Map<String, CachingCredentialProvider> credentials = new ConcurrentHashMap<>();
  private final CredentialProvider defaultCredentials;
  private final int defaultMaxConcurrency;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final Map<String, CachedAuth> authorizations = new ConcurrentHashMap<>();
  private final Map<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

  /**
   * {@code defaultCredentials} serve registries whose settings name none (e.g. a Docker config);
   * {@code defaultMaxConcurrency} applies to registries without settings.
   */
  public RegistryClient(
      List<RegistrySettings> settings,
      Duration timeout,
      CredentialProvider defaultCredentials,
      int defaultMaxConcurrency,
      RetryPolicy retry) {
    this.settings =
        settings.stream()
            .collect(Collectors.toMap(RegistrySettings::host, Function.identity(), (a, b) -> b));
    this.timeout = timeout;
    this.defaultCredentials =
        defaultCredentials == null ? CredentialProvider.NONE : defaultCredentials;
    this.defaultMaxConcurrency = defaultMaxConcurrency;
    this.retry = retry;
  }

  private HttpClient http() {
    HttpClient h = http;
    if (h == null) {
      synchronized (this) {
        h = http;
        if (h == null) {
          h =
              HttpClient.newBuilder()
                  .connectTimeout(timeout)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build();
          http = h;
        }
      }
    }
    return h;
  }

  public RegistryClient(List<RegistrySettings> settings, Duration timeout) {
    this(
        settings,
        timeout,
        CredentialProvider.NONE,
        RegistrySettings.DEFAULT_MAX_CONCURRENCY,
        RetryPolicy.DEFAULT);
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

  /**
   * One logical GET: a concurrency slot of the registry, retries, auth and redirects. The returned
   * body releases the slot when closed.
   */
  private HttpResponse<InputStream> get(String registry, String repository, URI uri, String accept)
      throws IOException {
    Semaphore slots = permits.computeIfAbsent(registry, r -> new Semaphore(maxConcurrency(r)));
    try {
      // A bounded wait: a stream somebody forgot to close must not hang every later pull.
      if (!slots.tryAcquire(SLOT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new RegistryUnavailableException(
            "no free connection slot for "
                + registry
                + " within "
                + SLOT_WAIT.toMinutes()
                + " min");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for a slot of " + registry);
    }
    boolean handedOver = false;
    try {
      HttpResponse<InputStream> resp = withRetries(registry, repository, uri, accept);
      HttpResponse<InputStream> released = new ReleasingResponse(resp, slots);
      handedOver = true;
      return released;
    } finally {
      if (!handedOver) {
        slots.release();
      }
    }
  }

  private int maxConcurrency(String registry) {
    RegistrySettings s = settings.get(registry);
    return s != null ? s.maxConcurrency() : defaultMaxConcurrency;
  }

  private HttpResponse<InputStream> withRetries(
      String registry, String repository, URI uri, String accept) throws IOException {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<InputStream> resp;
      try {
        resp = authorizedGet(registry, repository, uri, accept);
      } catch (ConnectException | HttpTimeoutException e) {
        if (attempt >= retry.maxAttempts()) {
          throw new RegistryUnavailableException(
              "cannot reach " + registry + " after " + attempt + " attempts: " + e);
        }
        pause(
            retry.delay(attempt, null), registry, "failed (" + e.getClass().getSimpleName() + ")");
        continue;
      }
      if (!RetryPolicy.retryable(resp.statusCode()) || attempt >= retry.maxAttempts()) {
        return resp;
      }
      Duration wait = retry.delay(attempt, resp.headers().firstValue("Retry-After").orElse(null));
      resp.body().close();
      pause(wait, registry, "answered HTTP " + resp.statusCode());
    }
  }

  private void pause(Duration wait, String registry, String why) throws IOException {
    LOG.info("registry {} {}; retrying in {} ms", registry, why, wait.toMillis());
    try {
      retry.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while backing off from " + registry);
    }
  }

  private HttpResponse<InputStream> authorizedGet(
      String registry, String repository, URI uri, String accept) throws IOException {
    String scope = "repository:" + repository + ":pull";
    String key = registry + "|" + scope;
    String authorization = validAuthorization(key);
    if (authorization == null && challenges.containsKey(registry)) {
      // A known challenge: get the token up front instead of taking a 401 for each repository.
      authorization = authorize(registry, scope, challenges.get(registry), false, key);
    }
    HttpResponse<InputStream> resp = send(uri, accept, authorization);
    if (resp.statusCode() == 401) {
      AuthChallenge challenge =
          AuthChallenge.parse(resp.headers().firstValue("WWW-Authenticate").orElse(""));
      resp.body().close();
      if (authorization != null) {
        // The registry refused what we had: forget it and the credential behind it, once.
        authorizations.remove(key);
        CachingCredentialProvider cached = credentials.get(registry);
        if (cached != null) {
          cached.invalidate(registry);
        }
      }
      challenges.put(registry, challenge);
      authorization = authorize(registry, scope, challenge, true, key);
      if (authorization == null) {
        throw new AnalysisException(
            uri.getPath()
                + " at "
                + registry
                + ": access denied (HTTP 401; "
                + (challenge.scheme().isEmpty()
                    ? "no challenge"
                    : challenge.scheme() + " challenge")
                + ", no usable credentials)");
      }
      resp = send(uri, accept, authorization);
    }
    for (int hops = 0; isRedirect(resp.statusCode()) && hops < MAX_REDIRECTS; hops++) {
      String location = resp.headers().firstValue("Location").orElse(null);
      resp.body().close();
      if (location == null) {
        throw new AnalysisException(uri.getPath() + ": redirect without Location");
      }
      URI next = uri.resolve(location);
      // Same host keeps the token; a blob store elsewhere gets no credentials (its URL is signed).
      String auth =
          next.getAuthority() != null && next.getAuthority().equals(uri.getAuthority())
              ? authorization
              : null;
      resp = send(next, accept, auth);
    }
    return resp;
  }

  private String validAuthorization(String key) {
    CachedAuth a = authorizations.get(key);
    if (a == null) {
      return null;
    }
    if (a.expiresAt() != null && !Instant.now().isBefore(a.expiresAt())) {
      authorizations.remove(key, a);
      return null;
    }
    return a.header();
  }

  private Optional<Credential> credential(String registry) throws IOException {
    RegistrySettings s = settings.get(registry);
    CredentialProvider source =
        s != null && s.credentials() != CredentialProvider.NONE
            ? s.credentials()
            : defaultCredentials;
    if (source == CredentialProvider.NONE) {
      return Optional.empty();
    }
    return credentials
        .computeIfAbsent(registry, r -> new CachingCredentialProvider(source))
        .credentials(registry);
  }

  /** The Authorization value answering {@code challenge}, cached under {@code key}; or null. */
  private String authorize(
      String registry, String scope, AuthChallenge challenge, boolean live, String key)
      throws IOException {
    Optional<Credential> credential = credential(registry);
    if (challenge.isBasic()) {
      if (credential.isEmpty() || credential.get().isIdentityToken()) {
        return null;
      }
      String header = credential.get().basicHeader();
      authorizations.put(key, new CachedAuth(header, credential.get().expiresAt()));
      return header;
    }
    if (!challenge.isBearer() || challenge.params().get("realm") == null) {
      return null;
    }
    URI realm;
    try {
      realm = URI.create(challenge.params().get("realm"));
    } catch (IllegalArgumentException e) {
      throw new AnalysisException(registry + ": token realm is not a URI");
    }
    if (!"https".equals(realm.getScheme()) && !"http".equals(realm.getScheme())) {
      throw new AnalysisException(registry + ": token realm has unsupported scheme: " + realm);
    }
    if (credential.isPresent()
        && "http".equals(realm.getScheme())
        && !isPlainHttp(registry)
        && !isLoopback(realm.getHost())) {
      throw new AnalysisException(
          registry
              + ": refusing to send credentials to a plain-HTTP token realm "
              + realm.getHost());
    }
    // A live challenge names the scope it wants; a remembered one was for another repository.
    String wanted = live ? challenge.params().getOrDefault("scope", scope) : scope;
    String service = challenge.params().get("service");
    HttpRequest request;
    if (credential.isPresent() && credential.get().isIdentityToken()) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "refresh_token");
      form.put("service", service);
      form.put("scope", wanted);
      form.put("client_id", "tallyman");
      form.put("refresh_token", credential.get().secret());
      request =
          HttpRequest.newBuilder(realm)
              .timeout(timeout)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", "application/json")
              .POST(TokenHttp.form(form))
              .build();
    } else {
      StringBuilder q = new StringBuilder();
      if (service != null) {
        q.append("service=").append(TokenHttp.enc(service)).append('&');
      }
      q.append("scope=").append(TokenHttp.enc(wanted));
      URI tokenUri = URI.create(realm + (realm.getQuery() == null ? "?" : "&") + q);
      HttpRequest.Builder b =
          HttpRequest.newBuilder(tokenUri)
              .timeout(timeout)
              .GET()
              .header("Accept", "application/json");
      credential.ifPresent(c -> b.header("Authorization", c.basicHeader()));
      request = b.build();
    }
    HttpResponse<InputStream> resp = sendRequest(request);
    try (InputStream body = resp.body()) {
      String what = "token from " + realm.getHost();
      if (resp.statusCode() == 401 || resp.statusCode() == 403) {
        throw new AnalysisException(
            what + ": credentials refused (HTTP " + resp.statusCode() + ")");
      }
      check(resp, what);
      JsonNode json =
          Manifests.JSON.readTree(LimitedInputStream.readAll(body, 1 << 20, "token response"));
      String token =
          json == null ? "" : json.path("token").asText(json.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new AnalysisException(what + " has no token");
      }
      long expiresIn = json.path("expires_in").asLong(DEFAULT_TOKEN_LIFETIME.toSeconds());
      Duration lifetime = Duration.ofSeconds(Math.max(0, expiresIn));
      // Renew a little early, but never treat a short-lived token as already expired.
      Duration margin =
          lifetime.compareTo(TOKEN_MARGIN.multipliedBy(3)) > 0 ? TOKEN_MARGIN : Duration.ZERO;
      String header = "Bearer " + token;
      authorizations.put(key, new CachedAuth(header, Instant.now().plus(lifetime).minus(margin)));
      return header;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AnalysisException("token from " + realm.getHost() + " is not JSON");
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private HttpResponse<InputStream> send(URI uri, String accept, String authorization)
      throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", accept);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return sendRequest(b.build());
  }

  private HttpResponse<InputStream> sendRequest(HttpRequest request) throws IOException {
    try {
      return http().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted talking to " + request.uri().getHost());
    }
  }

  private URI uri(String registry, String path) {
    String apiHost = registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
    return URI.create((isPlainHttp(registry) ? "http://" : "https://") + apiHost + path);
  }

  /** Loopback registries and configured insecure ones speak plain HTTP. */
  public boolean isPlainHttp(String registry) {
    RegistrySettings s = settings.get(registry);
    if (s != null && s.insecure()) {
      return true;
    }
    String host =
        registry.startsWith("[")
            ? registry.substring(0, registry.indexOf(']') + 1)
            : registry.split(":")[0];
    return isLoopback(host);
  }

  private static boolean isLoopback(String host) {
    return host != null
        && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
  }

  /** A response whose body gives the registry's concurrency slot back once, when closed. */
  private static final class ReleasingResponse implements HttpResponse<InputStream> {
    private final HttpResponse<InputStream> delegate;
    private final InputStream body;

    ReleasingResponse(HttpResponse<InputStream> delegate, Semaphore slots) {
      this.delegate = delegate;
      AtomicBoolean released = new AtomicBoolean();
      this.body =
          new FilterInputStream(delegate.body()) {
            @Override
            public void close() throws IOException {
              try {
                super.close();
              } finally {
                if (released.compareAndSet(false, true)) {
                  slots.release();
                }
              }
            }
          };
    }

    @Override
    public int statusCode() {
      return delegate.statusCode();
    }

    @Override
    public HttpRequest request() {
      return delegate.request();
    }

    @Override
    public Optional<HttpResponse<InputStream>> previousResponse() {
      return delegate.previousResponse();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return delegate.headers();
    }

    @Override
    public InputStream body() {
      return body;
    }

    @Override
    public Optional<javax.net.ssl.SSLSession> sslSession() {
      return delegate.sslSession();
    }

    @Override
    public URI uri() {
      return delegate.uri();
    }

    @Override
    public HttpClient.Version version() {
      return delegate.version();
    }
  }
}
