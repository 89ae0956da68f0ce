package dev.tallyman.ingest.dockerhub;

import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.QueryToken;
import dev.tallyman.ingest.webhook.SecretRef;
import dev.tallyman.ingest.webhook.WebhookEndpoint;
import dev.tallyman.ingest.webhook.WebhookIntake;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code POST /v1/webhooks/dockerhub?token=...}: Docker Hub webhooks. A Docker Hub webhook is only
 * a name and a URL (no signature, no headers), so the secret is part of the URL.
 */
@Controller("/v1/webhooks")
public class DockerHubWebhookController {
  private final WebhookIntake intake;
  private final WebhookEndpoint endpoint;

  public DockerHubWebhookController(
      WebhookIntake intake,
      JsonPayload json,
      ReplayWindow window,
      @Nullable @Value("${tallyman.ingest.dockerhub.secret:}") String secret,
      @Nullable @Value("${tallyman.ingest.dockerhub.secret-file:}") String secretFile) {
    this.intake = intake;
    SecretRef shared = SecretRef.of(secret, secretFile);
    this.endpoint =
        new WebhookEndpoint(
            "dockerhub",
            shared == null ? null : new QueryToken(shared),
            new DockerHubParser(json, window)::parse,
            "dockerhub webhook not configured (tallyman.ingest.dockerhub.secret or .secret-file)");
  }

  @Post(
      uri = "/dockerhub",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // waits for Kafka acks
  public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return intake.handle(endpoint, Delivery.of(request, body));
  }
}
