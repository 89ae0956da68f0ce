package dev.tallyman.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.Priority;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poller against a stub registry: pagination, auth, 429, fallback digests, change detection.
 */
class PollerStubTest {
  @TempDir Path dir;

  private StubRegistry stub;
  private final Map<String, String> state = new ConcurrentHashMap<>();
  private final List<ImageEvent> events = new CopyOnWriteArrayList<>();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private Path passwordFile;

  private final PollState memory =
      new PollState() {
        @Override
        public Optional<String> lastDigest(String registry, String repository, String tag) {
          return Optional.ofNullable(state.get(PollState.key(registry, repository, tag)));
        }

        @Override
        public void remember(String registry, String repository, String tag, String digest) {
          state.put(PollState.key(registry, repository, tag), digest);
        }

        @Override
        public Map<String, String> known(String registry) {
          Map<String, String> out = new java.util.TreeMap<>();
          state.forEach(
              (k, v) -> {
                if (k.startsWith(registry + "/")) {
                  out.put(k.substring(registry.length() + 1), v);
                }
              });
          return out;
        }
      };

  @BeforeEach
  void start() throws Exception {
    stub = new StubRegistry();
    for (String repo : List.of("alpha", "beta", "cache/x", "gamma", "team/app")) {
      for (String tag : List.of("1.0", "1.1", "2.0")) {
        stub.put(repo, tag, "{\"repo\":\"" + repo + "\",\"tag\":\"" + tag + "\"}");
      }
    }
    passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, stub.password + "\n");
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private Poller poller(PollLimits limits) {
    return new Poller(
        memory,
        events::add,
        new RegistryClients(
            HttpClient.newHttpClient(), limits, Clock.systemUTC(), sleeps::add, name -> null),
        Clock.systemUTC());
  }

  private RegistrySpec spec() {
    return new RegistrySpec(
        "stub",
        URI.create(stub.url()),
        "distribution",
        new Credentials("poller", passwordFile, null),
        new RepositoryGlobs(List.of(), List.of("cache/**")),
        Duration.ofMinutes(5),
        2);
  }

  @Test
  void firstPollEmitsEveryTagFollowingEveryPage() throws Exception {
    PollReport report = poller(PollLimits.DEFAULTS).poll(spec());

    // 4 repositories (cache/x excluded) x 3 tags, across 3 catalog pages and 2 tag pages each
    assertThat(report.repositories()).isEqualTo(4);
    assertThat(events).hasSize(12);
    assertThat(events)
        .extracting(e -> e.getRepository() + ":" + e.getTag())
        .contains("alpha:1.0", "team/app:2.0")
        .doesNotContain("cache/x:1.0");
    assertThat(stub.requests).contains("GET /v2/_catalog?n=100");
    // three pages (the first asked twice: once before the bearer challenge was answered)
    assertThat(stub.requests.stream().filter(r -> r.startsWith("GET /v2/_catalog")).distinct())
        .containsExactly(
            "GET /v2/_catalog?n=100",
            "GET /v2/_catalog?last=beta&n=2",
            "GET /v2/_catalog?last=gamma&n=2");
    ImageEvent e =
        events.stream().filter(x -> x.getRepository().equals("beta")).findFirst().orElseThrow();
    assertThat(e.getSource()).isEqualTo(EventSource.EVENT_SOURCE_POLL);
    assertThat(e.getPriority()).isEqualTo(Priority.PRIORITY_BULK);
    assertThat(e.getAction()).isEqualTo(ImageAction.IMAGE_ACTION_PUSH);
    assertThat(e.getRegistry()).isEqualTo(URI.create(stub.url()).getAuthority());
    assertThat(e.getDigest())
        .isEqualTo(
            RegistryClient.sha256(
                ("{\"repo\":\"beta\",\"tag\":\"" + e.getTag() + "\"}")
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(e.getEventId())
        .isEqualTo(PollEvents.eventId(e.getRegistry(), "beta", e.getTag(), e.getDigest()));
    assertThat(e.getMediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
  }

  @Test
  void onlyNewOrChangedDigestsAreEmittedAgain() throws Exception {
    Poller poller = poller(PollLimits.DEFAULTS);
    poller.poll(spec());
    events.clear();

    assertThat(poller.poll(spec()).emitted()).isZero();
    assertThat(events).isEmpty();

    stub.put("gamma", "1.1", "{\"changed\":true}");
    stub.put("alpha", "3.0", "{\"new\":true}");
    PollReport third = poller.poll(spec());

    assertThat(third.emitted()).isEqualTo(2);
    assertThat(third.unchanged()).isEqualTo(12 - 1);
    assertThat(events)
        .extracting(e -> e.getRepository() + ":" + e.getTag() + "@" + e.getDigest())
        .containsExactlyInAnyOrder(
            "gamma:1.1@"
                + RegistryClient.sha256("{\"changed\":true}".getBytes(StandardCharsets.UTF_8)),
            "alpha:3.0@"
                + RegistryClient.sha256("{\"new\":true}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void missingDigestHeaderFallsBackToHashingTheManifest() throws Exception {
    stub.noDigestHeaderFor = "gamma";
    poller(PollLimits.DEFAULTS).poll(spec());

    ImageEvent gamma =
        events.stream().filter(e -> e.getRepository().equals("gamma")).findFirst().orElseThrow();
    assertThat(gamma.getDigest())
        .isEqualTo(
            RegistryClient.sha256(
                ("{\"repo\":\"gamma\",\"tag\":\"" + gamma.getTag() + "\"}")
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(stub.requests).anyMatch(r -> r.startsWith("GET /v2/gamma/manifests/"));
    assertThat(stub.requests).noneMatch(r -> r.startsWith("GET /v2/alpha/manifests/"));
  }

  @Test
  void tooManyRequestsWaitsAsToldThenContinues() throws Exception {
    stub.tooManyRequests.set(2);
    PollReport report = poller(PollLimits.DEFAULTS).poll(spec());

    assertThat(sleeps).containsExactly(Duration.ZERO, Duration.ZERO);
    assertThat(report.emitted()).isEqualTo(12);
  }

  @Test
  void capsBoundRepositoriesAndTags() throws Exception {
    PollLimits small = new PollLimits(3, 2, 4096, 3, Duration.ofSeconds(1), Duration.ofSeconds(10));
    PollReport report = poller(small).poll(spec());

    // the first 3 catalog names (alpha, beta, cache/x) minus the excluded one
    assertThat(report.repositories()).isEqualTo(2);
    assertThat(events).hasSize(2 * 2);
  }

  @Test
  void rotatedPasswordIsPickedUpWithoutANewPoller() throws Exception {
    Poller poller = poller(PollLimits.DEFAULTS);
    poller.poll(spec());
    stub.password = "rotated-password";
    Files.writeString(passwordFile, "rotated-password\n");
    stub.put("beta", "9.9", "{\"after\":\"rotation\"}");

    assertThat(poller.poll(spec()).emitted()).isEqualTo(1);
  }
}
