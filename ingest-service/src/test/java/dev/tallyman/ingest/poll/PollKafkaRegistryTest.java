package dev.tallyman.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tallyman.deploy.LocalRegistry;
import dev.tallyman.deploy.TestStack;
import dev.tallyman.ingest.webhook.ImageEventTopic;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.Priority;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real service polls the real docker-registry (htpasswd basic auth) and publishes to the real
 * Kafka; its state lives on the poll-state topic, so a restarted service remembers what it saw.
 */
class PollKafkaRegistryTest {
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final String TOKEN = "scan-token-" + UUID.randomUUID();
  private static final String PREFIX = "ingestpoll" + UUID.randomUUID().toString().substring(0, 8);

  private static LocalRegistry registry;
  private static ImageEventTopic topic;
  private static Map<String, Object> props;

  @BeforeAll
  static void start() throws Exception {
    String bootstrap = TestStack.kafka().bootstrapServers();
    Path dir = Files.createDirectories(TestStack.workDir().resolve("ingest-poll-" + PREFIX));
    registry = LocalRegistry.start(LocalRegistry.Options.in(dir).htpasswd("poller", PASSWORD));
    Path passwordFile = dir.resolve("poller.password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    props = new HashMap<>();
    props.put("kafka.bootstrap.servers", bootstrap);
    props.put("micronaut.server.port", -1);
    props.put("tallyman.topics.prefix", PREFIX);
    props.put("tallyman.ingest.webhook-token", TOKEN);
    props.put("tallyman.ingest.poll.enabled", false); // the test runs each poll itself
    props.put("tallyman.ingest.poll.group-id", PREFIX + "-poller");
    props.put("tallyman.ingest.poll.registries.local.url", registry.url());
    props.put("tallyman.ingest.poll.registries.local.username", "poller");
    props.put("tallyman.ingest.poll.registries.local.password-file", passwordFile.toString());
    props.put("tallyman.ingest.poll.registries.local.include", List.of("poll/**"));
  }

  @AfterAll
  static void stop() {
    if (topic != null) {
      topic.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  private static EmbeddedServer service() {
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
    return awaitOwner(server);
  }

  private static EmbeddedServer awaitOwner(EmbeddedServer server) {
    PollScheduler scheduler = server.getApplicationContext().getBean(PollScheduler.class);
    await().atMost(Duration.ofSeconds(60)).until(() -> scheduler.owns("local"));
    if (topic == null) { // the service creates its topics at startup
      topic =
          new ImageEventTopic(
              (String) props.get("kafka.bootstrap.servers"), PREFIX + ".image-events-bulk");
    }
    return server;
  }

  private static List<ImageEvent> poll(EmbeddedServer server) throws Exception {
    Map<TopicPartition, Long> before = topic.endOffsets();
    server.getApplicationContext().getBean(PollScheduler.class).pollNow("local");
    return topic.recordsSince(before).stream().map(ImageEventTopic::parse).toList();
  }

  @Test
  void onlyOneReplicaOwnsARegistryAndTheOtherTakesOverWhenItLeaves() {
    Map<String, Object> replica = new HashMap<>(props);
    replica.put("tallyman.ingest.poll.group-id", PREFIX + "-replicas");
    EmbeddedServer a = ApplicationContext.run(EmbeddedServer.class, replica);
    EmbeddedServer b = ApplicationContext.run(EmbeddedServer.class, replica);
    try {
      PollScheduler sa = a.getApplicationContext().getBean(PollScheduler.class);
      PollScheduler sb = b.getApplicationContext().getBean(PollScheduler.class);
      // once the group settles, exactly one replica holds the registry's partition
      await().atMost(Duration.ofSeconds(60)).until(() -> sa.owns("local") ^ sb.owns("local"));
      PollScheduler owner = sa.owns("local") ? sa : sb;
      PollScheduler other = owner == sa ? sb : sa;
      assertThatThrownBy(() -> other.pollNow("local")).isInstanceOf(IllegalStateException.class);

      (owner == sa ? a : b).close();
      await().atMost(Duration.ofSeconds(60)).until(() -> other.owns("local"));
    } finally {
      b.close();
      a.close();
    }
  }

  @Test
  void theSchedulerPollsOwnedRegistriesByItself() throws Exception {
    AuthenticatedPush push = new AuthenticatedPush(registry.url(), "poller", PASSWORD);
    String digest = push.push("timed/one", "v1", "scheduled");
    Map<String, Object> scheduled = new HashMap<>();
    props.forEach(
        (k, v) -> scheduled.put(k.replace(".registries.local.", ".registries.timer."), v));
    // its own repositories, so the other tests' first polls do not see this push
    scheduled.put("tallyman.ingest.poll.registries.timer.include", List.of("timed/**"));
    scheduled.put("tallyman.ingest.poll.enabled", true);
    scheduled.put("tallyman.ingest.poll.tick", "1s");
    scheduled.put("tallyman.ingest.poll.group-id", PREFIX + "-scheduled");
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, scheduled);
    try {
      ImageEventTopic events =
          new ImageEventTopic(
              (String) props.get("kafka.bootstrap.servers"), PREFIX + ".image-events-bulk");
      try (events) {
        Map<TopicPartition, Long> before = events.endOffsets();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    events.recordsSince(before).stream()
                        .map(ImageEventTopic::parse)
                        .anyMatch(
                            e ->
                                e.getRepository().equals("timed/one")
                                    && e.getDigest().equals(digest)
                                    && e.getSource() == EventSource.EVENT_SOURCE_POLL));
      }
    } finally {
      server.close();
    }
  }

  @Test
  void emitsNewAndChangedDigestsOnlyAndRemembersAcrossRestarts() throws Exception {
    AuthenticatedPush push = new AuthenticatedPush(registry.url(), "poller", PASSWORD);
    String one = push.push("poll/one", "v1", "one");
    String two = push.push("poll/two", "v1", "two");
    push.push("other/ignored", "v1", "not included");

    EmbeddedServer first = service();
    String changed;
    try {
      List<ImageEvent> firstPoll = poll(first);
      assertThat(firstPoll)
          .extracting(e -> e.getRepository() + ":" + e.getTag() + "@" + e.getDigest())
          .containsExactlyInAnyOrder("poll/one:v1@" + one, "poll/two:v1@" + two);
      assertThat(firstPoll)
          .allSatisfy(
              e -> {
                assertThat(e.getSource()).isEqualTo(EventSource.EVENT_SOURCE_POLL);
                assertThat(e.getPriority()).isEqualTo(Priority.PRIORITY_BULK);
                assertThat(e.getRegistry()).isEqualTo(registry.hostPort());
                assertThat(e.getEventId())
                    .isEqualTo(
                        PollEvents.eventId(
                            registry.hostPort(), e.getRepository(), e.getTag(), e.getDigest()));
              });

      assertThat(poll(first)).isEmpty();

      changed = push.push("poll/one", "v1", "one, rebuilt");
      List<ImageEvent> afterPush = poll(first);
      assertThat(afterPush).hasSize(1);
      assertThat(afterPush.get(0).getRepository()).isEqualTo("poll/one");
      assertThat(afterPush.get(0).getDigest()).isEqualTo(changed).isNotEqualTo(one);
    } finally {
      first.close();
    }

    EmbeddedServer restarted = service();
    try {
      assertThat(poll(restarted)).isEmpty();
      PollReport report =
          restarted.getApplicationContext().getBean(PollScheduler.class).pollNow("local");
      assertThat(report.unchanged()).isEqualTo(2);

      // on demand, for a registry the poller knows: the tag is resolved to its digest; the
      // request travels in the priority lane
      ImageEventTopic priority =
          new ImageEventTopic(
              (String) props.get("kafka.bootstrap.servers"), PREFIX + ".image-events");
      Map<TopicPartition, Long> before = priority.endOffsets();
      HttpResponse<String> accepted =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(restarted.getURI().resolve(URI.create("/v1/scans")))
                      .header("Content-Type", "application/json")
                      .header("Authorization", "Bearer " + TOKEN)
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"reference\":\"" + registry.hostPort() + "/poll/one:v1\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).isEqualTo(202);
      List<ImageEvent> scans =
          priority.recordsSince(before).stream().map(ImageEventTopic::parse).toList();
      priority.close();
      assertThat(scans).hasSize(1);
      assertThat(scans.get(0).getSource()).isEqualTo(EventSource.EVENT_SOURCE_ON_DEMAND);
      assertThat(scans.get(0).getPriority()).isEqualTo(Priority.PRIORITY_HIGH);
      assertThat(scans.get(0).getDigest()).isEqualTo(changed);
      assertThat(accepted.body()).contains(scans.get(0).getEventId());
      assertThat(scans.get(0).getLocationsList())
          .extracting(l -> l.getRegistry() + "/" + l.getRepository() + ":" + l.getTag())
          .containsExactly(registry.hostPort() + "/poll/one:v1");

      // the same image under a second tag: the poller reports the tag, a bulk rescan then
      // emits one event per digest carrying both tags
      assertThat(push.push("poll/two", "latest", "two")).isEqualTo(two);
      assertThat(poll(restarted)).extracting(ImageEvent::getTag).containsExactly("latest");
      Map<TopicPartition, Long> beforeRescan = topic.endOffsets();
      HttpResponse<String> rescan =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(restarted.getURI().resolve(URI.create("/v1/rescans")))
                      .header("Content-Type", "application/json")
                      .header("Authorization", "Bearer " + TOKEN)
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"registry\":\"local\",\"repositoryPrefix\":\"poll\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(rescan.statusCode()).isEqualTo(202);
      assertThat(rescan.body()).contains("\"digests\":2").contains("\"locations\":3");
      List<ImageEvent> rescanned =
          topic.recordsSince(beforeRescan).stream().map(ImageEventTopic::parse).toList();
      assertThat(rescanned)
          .allSatisfy(
              e -> {
                assertThat(e.getSource()).isEqualTo(EventSource.EVENT_SOURCE_RESCAN);
                assertThat(e.getPriority()).isEqualTo(Priority.PRIORITY_BULK);
              });
      assertThat(rescanned)
          .extracting(
              e ->
                  e.getDigest()
                      + " "
                      + e.getLocationsList().stream()
                          .map(l -> l.getRepository() + ":" + l.getTag())
                          .sorted()
                          .toList())
          .containsExactlyInAnyOrder(
              changed + " [poll/one:v1]", two + " [poll/two:latest, poll/two:v1]");
      HttpResponse<String> unknown =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(restarted.getURI().resolve(URI.create("/v1/rescans")))
                      .header("Content-Type", "application/json")
                      .header("Authorization", "Bearer " + TOKEN)
                      .POST(HttpRequest.BodyPublishers.ofString("{\"registry\":\"nope\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.statusCode()).isEqualTo(404);
    } finally {
      restarted.close();
    }
  }
}
