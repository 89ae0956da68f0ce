package dev.tallyman.analysis.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.oci.auth.CredentialProvider;
import dev.tallyman.analysis.testing.StandInServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Blob transfers: redirects to object storage, retries with Retry-After, per-host slots. */
class RegistryTransferTest {
  static final byte[] BLOB = "layer bytes of some size".getBytes(StandardCharsets.UTF_8);
  static final String DIGEST = Digests.sha256(BLOB);
  static final Descriptor D = Descriptor.of(MediaTypes.OCI_LAYER, DIGEST, BLOB.length);

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final Instant now = Instant.parse("2026-11-28T08:00:00Z");
  final RetryPolicy retry =
      new RetryPolicy(
          4,
          Duration.ofMillis(500),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          sleeps::add,
          Clock.fixed(now, ZoneOffset.UTC));

  private RegistryClient client(String host, int maxConcurrency, RetryPolicy policy) {
    return new RegistryClient(
        List.of(new RegistrySettings(host, true, CredentialProvider.NONE, maxConcurrency)),
        Duration.ofSeconds(5),
        CredentialProvider.NONE,
        8,
        policy);
  }

  private static byte[] read(RegistryClient c, String host) throws IOException {
    try (InputStream in = c.blob(host, "app", D)) {
      return in.readAllBytes();
    }
  }

  @Test
  void redirectToObjectStorageCarriesNoAuthorization() throws IOException {
    try (StandInServer store =
            new StandInServer(
                (r, ex) -> {
                  if (r.header("Authorization") != null) {
                    // S3 refuses a request with two auth mechanisms; so does this stand-in
                    StandInServer.json(ex, 400, "{\"error\":\"InvalidArgument\"}");
                    return;
                  }
                  StandInServer.send(ex, 200, "application/octet-stream", BLOB);
                });
        StandInServer registry =
            new StandInServer(
                (r, ex) -> {
                  if (r.path().equals("/token")) {
                    StandInServer.json(ex, 200, "{\"token\":\"secret-token\"}");
                  } else if (!"Bearer secret-token".equals(r.header("Authorization"))) {
                    ex.getResponseHeaders()
                        .add("WWW-Authenticate", "Bearer realm=\"http://" + hostOf(r) + "/token\"");
                    StandInServer.json(ex, 401, "{}");
                  } else if (r.path().startsWith("/v2/app/blobs/")) {
                    // same-host hop first (keeps the token), then off to the object store
                    ex.getResponseHeaders().add("Location", "/redirected" + r.path());
                    StandInServer.send(ex, 307, null, new byte[0]);
                  } else {
                    ex.getResponseHeaders()
                        .add("Location", store.url() + "/bucket/" + DIGEST + "?X-Sig=abc");
                    StandInServer.send(ex, 307, null, new byte[0]);
                  }
                })) {
      byte[] got = read(client(registry.host(), 4, retry), registry.host());

      assertThat(got).isEqualTo(BLOB);
      assertThat(store.requests).hasSize(1);
      assertThat(store.requests.get(0).header("Authorization")).isNull();
      assertThat(store.requests.get(0).query()).isEqualTo("X-Sig=abc");
      assertThat(registry.requests)
          .filteredOn(r -> r.path().startsWith("/redirected/"))
          .extracting(r -> r.header("Authorization"))
          .containsExactly("Bearer secret-token");
    }
  }

  private static String hostOf(StandInServer.Request r) {
    return r.header("Host");
  }

  @Test
  void tooManyRequestsWaitsAsToldInSecondsOrHttpDate() throws IOException {
    Queue<String> answers =
        new ConcurrentLinkedQueue<>(
            List.of(
                "429 7",
                "503 "
                    + DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        now.plusSeconds(30).atZone(ZoneOffset.UTC)),
                "429 86400",
                "200"));
    try (StandInServer registry = flaky(answers)) {
      assertThat(read(client(registry.host(), 4, retry), registry.host())).isEqualTo(BLOB);
    }
    // seconds as given, the date as a delta, a day capped at maxRetryAfter
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  @Test
  void serverErrorsBackOffExponentiallyThenGiveUp() {
    Queue<String> answers = new ConcurrentLinkedQueue<>(List.of("500", "502", "503", "504", "200"));
    try (StandInServer registry = flaky(answers)) {
      assertThatThrownBy(() -> read(client(registry.host(), 4, retry), registry.host()))
          .isInstanceOf(RegistryUnavailableException.class)
          .hasMessageContaining("HTTP 504");
      assertThat(registry.requests).hasSize(4);
    }
    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void clientErrorsAreNotRetried() {
    try (StandInServer registry = flaky(new ConcurrentLinkedQueue<>(List.of("400", "200")))) {
      assertThatThrownBy(() -> read(client(registry.host(), 4, retry), registry.host()))
          .hasMessageContaining("unexpected HTTP 400");
      assertThat(registry.requests).hasSize(1);
    }
    assertThat(sleeps).isEmpty();
  }

  /** Answers "STATUS [Retry-After]" from the queue, then the blob. */
  private static StandInServer flaky(Queue<String> answers) {
    return new StandInServer(
        (r, ex) -> {
          String[] a = answers.isEmpty() ? new String[] {"200"} : answers.poll().split(" ", 2);
          if (a[0].equals("200")) {
            StandInServer.send(ex, 200, "application/octet-stream", BLOB);
            return;
          }
          if (a.length > 1) {
            ex.getResponseHeaders().add("Retry-After", a[1]);
          }
          StandInServer.json(ex, Integer.parseInt(a[0]), "{}");
        });
  }

  @Test
  void concurrentRequestsPerRegistryAreCapped() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    try (StandInServer registry =
        new StandInServer(
            (r, ex) -> {
              int n = inFlight.incrementAndGet();
              max.accumulateAndGet(n, Math::max);
              try {
                Thread.sleep(40);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              inFlight.decrementAndGet();
              StandInServer.send(ex, 200, "application/octet-stream", BLOB);
            })) {
      RegistryClient c = client(registry.host(), 2, retry);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<byte[]>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          results.add(pool.submit(() -> read(c, registry.host())));
        }
        for (Future<byte[]> f : results) {
          assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(BLOB);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(registry.requests).hasSize(16);
      assertThat(max.get()).isBetween(1, 2);
    }
  }

  @Test
  void anOpenBlobHoldsItsSlotUntilClosed() throws Exception {
    try (StandInServer registry =
        new StandInServer(
            (r, ex) -> StandInServer.send(ex, 200, "application/octet-stream", BLOB))) {
      RegistryClient c = client(registry.host(), 1, retry);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        InputStream first = c.blob(registry.host(), "app", D);
        Future<byte[]> second = pool.submit(() -> read(c, registry.host()));
        assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS))
            .isInstanceOf(TimeoutException.class);
        assertThat(registry.requests).hasSize(1);
        first.close();
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(BLOB);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void retryAfterParsing() {
    assertThat(RetryPolicy.retryAfter("120", now)).contains(Duration.ofSeconds(120));
    assertThat(RetryPolicy.retryAfter("Sat, 28 Nov 2026 08:01:30 GMT", now))
        .contains(Duration.ofSeconds(90));
    assertThat(RetryPolicy.retryAfter("Sat, 28 Nov 2026 07:00:00 GMT", now))
        .contains(Duration.ZERO);
    assertThat(RetryPolicy.retryAfter("soon", now)).isEmpty();
    assertThat(RetryPolicy.retryAfter("-5", now)).isEmpty();
    assertThat(RetryPolicy.retryAfter(null, now)).isEmpty();
  }
}
