package dev.tallyman.ingest.dockerhub;

import static dev.tallyman.ingest.payload.JsonPayload.requiredEpochSeconds;
import static dev.tallyman.ingest.payload.JsonPayload.requiredObject;
import static dev.tallyman.ingest.payload.JsonPayload.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.ImageEvents;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.time.Instant;
import java.util.List;

/**
 * Reads a Docker Hub repository webhook ({@code callback_url, push_data {pushed_at, pusher, tag},
 * repository {repo_name, namespace, name, repo_url, ...}}). Docker Hub sends only pushes and names
 * the tag, not the digest: the event carries the tag and an empty digest, and the analyzer resolves
 * the tag. {@code pushed_at} bounds replays; repository, tag and push time make the event id.
 */
public final class DockerHubParser {
  /** Docker Hub as image references name it (the analyzer maps it to its registry API host). */
  public static final String REGISTRY = "docker.io";

  static final String NAMESPACE = "DOCKERHUB_WEBHOOK";

  private final JsonPayload json;
  private final ReplayWindow window;

  public DockerHubParser(JsonPayload json, ReplayWindow window) {
    this.json = json;
    this.window = window;
  }

  public NotificationResult parse(byte[] body) {
    JsonNode root = json.readObject(body);
    Instant receivedAt = window.now();
    JsonNode pushData = requiredObject(root, "push_data", "");
    long pushedAt = requiredEpochSeconds(pushData, "pushed_at", "push_data");
    window.check(Instant.ofEpochSecond(pushedAt), "push_data.pushed_at");
    String tag = ImageEvents.tag(requiredText(pushData, "tag", "push_data"), "push_data.tag");
    JsonNode repository = requiredObject(root, "repository", "");
    String repo =
        ImageEvents.repository(
            requiredText(repository, "repo_name", "repository"), "repository.repo_name");
    ImageEvent event =
        ImageEvents.webhookEvent(
                NAMESPACE,
                repo + ":" + tag + "@" + pushedAt,
                REGISTRY,
                receivedAt,
                ImageAction.IMAGE_ACTION_PUSH)
            .setRepository(repo)
            .setTag(tag)
            .build();
    return new NotificationResult(List.of(event), 0);
  }
}
