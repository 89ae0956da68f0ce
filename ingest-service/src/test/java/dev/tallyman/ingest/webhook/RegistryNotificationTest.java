package dev.tallyman.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tallyman.deploy.LocalRegistry;
import dev.tallyman.deploy.TestStack;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real docker-registry notifies the real service: what a push and a delete through the registry
 * API turn into on Kafka. The registry also reports blob pushes, which the service must accept (and
 * ignore) or the registry would retry them forever and never send the manifest event.
 */
class RegistryNotificationTest {
  private static final String TOKEN = "registry-token-" + UUID.randomUUID();
  private static final String PREFIX = "ingestreg" + UUID.randomUUID().toString().substring(0, 8);

  private static EmbeddedServer server;
  private static LocalRegistry registry;
  private static ImageEventTopic topic;

  @BeforeAll
  static void start() throws Exception {
    String bootstrap = TestStack.kafka().bootstrapServers();
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "micronaut.server.port", -1,
                "tallyman.topics.prefix", PREFIX,
                "tallyman.ingest.webhook-token", TOKEN));
    topic = new ImageEventTopic(bootstrap, PREFIX + ".image-events");
    Path dir = Files.createDirectories(TestStack.workDir().resolve("ingest-registry-" + PREFIX));
    registry =
        LocalRegistry.start(
            LocalRegistry.Options.in(dir)
                .notifications(
                    server.getURI().resolve("/v1/webhooks/distribution").toString(),
                    Map.of("Authorization", "Bearer " + TOKEN)));
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (topic != null) {
      topic.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pushThenDeleteThroughTheRegistryArriveAsImageEvents() throws Exception {
    Map<TopicPartition, Long> start = topic.endOffsets();
    RegistryPush client = new RegistryPush(registry.url());
    String digest = client.pushTinyImage("tallyman/tiny", "v1");

    ImageEvent pushed = awaitEvent(start, digest, ImageAction.IMAGE_ACTION_PUSH);
    assertThat(pushed.getRegistry()).isEqualTo(registry.hostPort());
    assertThat(pushed.getRepository()).isEqualTo("tallyman/tiny");
    assertThat(pushed.getTag()).isEqualTo("v1");
    assertThat(pushed.getMediaType()).isEqualTo(RegistryPush.MANIFEST_TYPE);
    assertThat(pushed.getSize()).isPositive();
    assertThat(pushed.getSourceEventId()).isNotBlank();

    client.deleteManifest("tallyman/tiny", digest);

    ImageEvent deleted = awaitEvent(start, digest, ImageAction.IMAGE_ACTION_DELETE);
    assertThat(deleted.getRepository()).isEqualTo("tallyman/tiny");
    assertThat(deleted.getRegistry()).isEqualTo(registry.hostPort());
    assertThat(deleted.getEventId()).isNotEqualTo(pushed.getEventId());
    // blob pushes were reported too, but only manifests make it to the topic
    assertThat(eventsSince(start)).extracting(ImageEvent::getDigest).containsOnly(digest);
  }

  private static ImageEvent awaitEvent(
      Map<TopicPartition, Long> start, String digest, ImageAction action) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                eventsSince(start).stream()
                    .filter(e -> e.getDigest().equals(digest) && e.getAction() == action)
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private static List<ImageEvent> eventsSince(Map<TopicPartition, Long> start) {
    List<ImageEvent> events = new ArrayList<>();
    topic
        .recordsSince(start)
        .forEach(
            r -> {
              assertThat(r.key()).isEqualTo(ImageEventTopic.parse(r).getDigest());
              events.add(ImageEventTopic.parse(r));
            });
    return events;
  }
}
