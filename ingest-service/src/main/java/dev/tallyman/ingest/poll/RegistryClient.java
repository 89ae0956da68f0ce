package dev.tallyman.ingest.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.ingest.distribution.DistributionGrammar;
import dev.tallyman.ingest.distribution.ManifestMediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slice of the distribution API the poller needs: catalog, tags, and tag-to-digest resolution.
 * Every exchange holds one of the registry's concurrency permits, honours 429/503 with {@code
 * Retry-After} (else exponential backoff), and reads at most {@link PollLimits#maxResponseBytes()}.
 * Authentication follows the registry's challenge: Basic, or the anonymous/basic bearer-token flow.
 * One client lives for one poll, so credentials read at the poll's start are never kept.
 */
public final class RegistryClient {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int PAGE_SIZE = 100;
  static final String ACCEPT =
      String.join(
          ", ",
          ManifestMediaTypes.OCI_INDEX,
          ManifestMediaTypes.OCI_MANIFEST,
          ManifestMediaTypes.DOCKER_MANIFEST_LIST,
          ManifestMediaTypes.DOCKER_MANIFEST);
  private static final String CATALOG_RESOURCE = "registry:catalog:*";

  /** Waits; tests may pass one that does not sleep. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** A tag's manifest as the registry serves it now. */
  public record Resolved(String digest, String mediaType, long size) {}

  private record Reply(int status, HttpHeaders headers, byte[] body) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  private final HttpClient http;
  private final RegistrySpec spec;
  private final Optional<Credentials.Basic> basic;
  private final PollLimits limits;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Semaphore permits;
  // Authorization header per resource (repository or catalog), learned from challenges
  private final Map<String, String> authorization = new ConcurrentHashMap<>();

  public RegistryClient(
      HttpClient http,
      RegistrySpec spec,
      Optional<Credentials.Basic> basic,
      PollLimits limits,
      Clock clock,
      Sleeper sleeper) {
    this.http = http;
    this.spec = spec;
    this.basic = basic;
    this.limits = limits;
    this.clock = clock;
    this.sleeper = sleeper;
    this.permits = new Semaphore(spec.maxConcurrency());
  }

  /** Repository names, following {@code Link} pages, capped at {@code maxRepositories}. */
  public List<String> catalog() throws InterruptedException {
    return paged(
        URI.create(spec.base() + "/v2/_catalog?n=" + PAGE_SIZE),
        CATALOG_RESOURCE,
        "repositories",
        limits.maxRepositories(),
        "repositories");
  }

  /**
   * Tag names of one repository, following {@code Link} pages, capped at {@code
   * maxTagsPerRepository}.
   */
  public List<String> tags(String repository) throws InterruptedException {
    return paged(
        URI.create(spec.base() + "/v2/" + repository + "/tags/list?n=" + PAGE_SIZE),
        repository,
        "tags",
        limits.maxTagsPerRepository(),
        "tags of " + repository);
  }

  /** The tag's digest via HEAD (GET and hash when the registry omits the digest header). */
  public Optional<Resolved> resolve(String repository, String tag) throws InterruptedException {
    URI uri = URI.create(spec.base() + "/v2/" + repository + "/manifests/" + tag);
    Reply head = exchange(uri, "HEAD", repository);
    if (head.status() == 404) {
      return Optional.empty();
    }
    expectOk(head, "HEAD " + repository + ":" + tag);
    String mediaType = head.header("Content-Type").orElse("");
    long size = head.header("Content-Length").map(RegistryClient::parseLong).orElse(0L);
    Optional<String> digest =
        head.header("Docker-Content-Digest").filter(DistributionGrammar::isDigest);
    if (digest.isPresent()) {
      return Optional.of(new Resolved(digest.get(), mediaType, size));
    }
    Reply get = exchange(uri, "GET", repository);
    if (get.status() == 404) {
      return Optional.empty();
    }
    expectOk(get, "GET " + repository + ":" + tag);
    return Optional.of(
        new Resolved(
            sha256(get.body()), get.header("Content-Type").orElse(mediaType), get.body().length));
  }

  private List<String> paged(URI first, String resource, String field, int cap, String what)
      throws InterruptedException {
    List<String> out = new ArrayList<>();
    Set<URI> seen = new HashSet<>();
    URI page = first;
    int skipped = 0;
    while (page != null) {
      if (!seen.add(page)) {
        LOG.warn("registry {}: pagination of {} loops at {}; stopping", spec.name(), what, page);
        break;
      }
      Reply reply = exchange(page, "GET", resource);
      if (reply.status() == 404 && !field.equals("repositories")) {
        return List.of(); // repository deleted since the catalog listed it
      }
      expectOk(reply, "GET " + what);
      JsonNode items;
      try {
        items = JSON.readTree(reply.body()).path(field);
      } catch (IOException e) {
        throw new RegistryException("registry " + spec.name() + ": " + what + " is not JSON", e);
      }
      for (JsonNode item : items) {
        String name = item.asText("");
        boolean valid =
            field.equals("tags")
                ? DistributionGrammar.isTag(name)
                : DistributionGrammar.isRepository(name);
        if (!valid) {
          skipped++;
          continue;
        }
        if (out.size() >= cap) {
          LOG.warn(
              "registry {}: cap reached, only the first {} {} are polled", spec.name(), cap, what);
          return out;
        }
        out.add(name);
      }
      URI current = page;
      page = reply.header("Link").flatMap(l -> LinkHeader.next(l, current)).orElse(null);
    }
    if (skipped > 0) {
      LOG.warn("registry {}: skipped {} {} that are not valid names", spec.name(), skipped, what);
    }
    return out;
  }

  private void expectOk(Reply reply, String what) {
    if (reply.status() / 100 != 2) {
      throw new RegistryException(
          "registry " + spec.name() + ": " + what + " answered " + reply.status());
    }
  }

  /** One request with auth, retries on 429/503/IO errors, and capped body. */
  private Reply exchange(URI uri, String method, String resource) throws InterruptedException {
    boolean authRetried = false;
    for (int attempt = 1; ; attempt++) {
      Reply reply;
      try {
        reply = send(uri, method, authorization.get(resource));
      } catch (IOException e) {
        if (attempt >= limits.maxAttempts()) {
          throw new RegistryException(
              "registry " + spec.name() + ": " + method + " " + uri.getPath() + " failed: " + e, e);
        }
        backoff(attempt, Optional.empty(), method + " " + uri.getPath() + ": " + e.getMessage());
        continue;
      }
      if (reply.status() == 401 && !authRetried) {
        authRetried = true;
        attempt--; // a challenge answered is not a failed attempt
        authorize(reply, resource);
        continue;
      }
      if ((reply.status() == 429 || reply.status() == 503) && attempt < limits.maxAttempts()) {
        backoff(
            attempt,
            reply.header("Retry-After").flatMap(v -> RetryAfter.parse(v, clock.instant())),
            method + " " + uri.getPath() + " answered " + reply.status());
        continue;
      }
      if (reply.status() == 401) {
        throw new RegistryException(
            "registry "
                + spec.name()
                + ": "
                + method
                + " "
                + uri.getPath()
                + " refused our credentials (401)");
      }
      return reply;
    }
  }

  private void backoff(int attempt, Optional<Duration> retryAfter, String why)
      throws InterruptedException {
    Duration exponential = Duration.ofMillis(Math.min(30_000L, 500L << Math.min(attempt, 10)));
    Duration wait = retryAfter.orElse(exponential);
    if (wait.compareTo(limits.maxRetryAfter()) > 0) {
      LOG.warn(
          "registry {}: Retry-After {}s is over the cap, waiting {}s",
          spec.name(),
          wait.toSeconds(),
          limits.maxRetryAfter().toSeconds());
      wait = limits.maxRetryAfter();
    }
    LOG.info("registry {}: {}; retry {} in {} ms", spec.name(), why, attempt, wait.toMillis());
    sleeper.sleep(wait);
  }

  private void authorize(Reply reply, String resource) throws InterruptedException {
    AuthChallenge challenge =
        reply
            .header("WWW-Authenticate")
            .flatMap(AuthChallenge::parse)
            .orElseThrow(
                () ->
                    new RegistryException(
                        "registry " + spec.name() + ": 401 without a WWW-Authenticate challenge"));
    if (challenge.basic()) {
      Credentials.Basic b =
          basic.orElseThrow(
              () ->
                  new RegistryException(
                      "registry "
                          + spec.name()
                          + " wants Basic auth: configure username and password"));
      authorization.put(resource, basicHeader(b));
    } else if (challenge.bearer()) {
      authorization.put(resource, "Bearer " + token(challenge));
    } else {
      throw new RegistryException(
          "registry " + spec.name() + ": unsupported auth scheme " + challenge.scheme());
    }
  }

  /**
   * The distribution token flow: GET realm?service=&scope=, with Basic credentials if we have any.
   */
  private String token(AuthChallenge challenge) throws InterruptedException {
    String realm = challenge.param("realm");
    URI realmUri;
    try {
      realmUri = realm == null ? null : URI.create(realm);
    } catch (IllegalArgumentException e) {
      realmUri = null;
    }
    if (realmUri == null
        || realmUri.getHost() == null
        || !(realmUri.getScheme().equalsIgnoreCase("https")
            || realmUri.getScheme().equalsIgnoreCase("http"))) {
      throw new RegistryException(
          "registry " + spec.name() + ": bearer challenge without an http(s) realm");
    }
    StringBuilder query = new StringBuilder();
    for (String p : List.of("service", "scope")) {
      String v = challenge.param(p);
      if (v != null && !v.isEmpty()) {
        query
            .append(query.length() == 0 ? "" : "&")
            .append(p)
            .append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    String sep = realmUri.getRawQuery() == null ? "?" : "&";
    URI tokenUri = URI.create(realmUri + (query.length() == 0 ? "" : sep + query));
    Reply reply;
    try {
      reply = send(tokenUri, "GET", basic.map(RegistryClient::basicHeader).orElse(null));
    } catch (IOException e) {
      throw new RegistryException("registry " + spec.name() + ": token endpoint failed: " + e, e);
    }
    expectOk(reply, "token request");
    try {
      JsonNode body = JSON.readTree(reply.body());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new RegistryException("registry " + spec.name() + ": token endpoint sent no token");
      }
      return token;
    } catch (IOException e) {
      throw new RegistryException("registry " + spec.name() + ": token answer is not JSON", e);
    }
  }

  private Reply send(URI uri, String method, String auth) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(limits.requestTimeout())
            .header("Accept", uri.getPath().contains("/manifests/") ? ACCEPT : "application/json");
    if (auth != null) {
      b.header("Authorization", auth);
    }
    b.method(method, HttpRequest.BodyPublishers.noBody());
    permits.acquire();
    try {
      HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        byte[] body = method.equals("HEAD") ? new byte[0] : readCapped(in, uri);
        return new Reply(r.statusCode(), r.headers(), body);
      }
    } finally {
      permits.release();
    }
  }

  private byte[] readCapped(InputStream in, URI uri) throws IOException {
    byte[] body = in.readNBytes(limits.maxResponseBytes() + 1);
    if (body.length > limits.maxResponseBytes()) {
      throw new RegistryException(
          "registry "
              + spec.name()
              + ": answer to "
              + uri.getPath()
              + " is over the cap of "
              + limits.maxResponseBytes()
              + " bytes");
    }
    return body;
  }

  private static String basicHeader(Credentials.Basic b) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8));
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return 0L;
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
