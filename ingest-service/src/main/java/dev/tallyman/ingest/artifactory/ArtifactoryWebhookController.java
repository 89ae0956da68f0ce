package dev.tallyman.ingest.artifactory;

import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.webhook.Delivery;
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
import java.time.Clock;

/**
 * {@code POST /v1/webhooks/artifactory}: JFrog Artifactory docker webhooks. Needs both the secret
 * and the Docker registry host ({@code tallyman.ingest.artifactory.registry}) its images are pulled
 * from; without either it answers 503.
 */
@Controller("/v1/webhooks")
public class ArtifactoryWebhookController {
  private final WebhookIntake intake;
  private final WebhookEndpoint endpoint;

  public ArtifactoryWebhookController(
      WebhookIntake intake,
      JsonPayload json,
      @Nullable @Value("${tallyman.ingest.artifactory.secret:}") String secret,
      @Nullable @Value("${tallyman.ingest.artifactory.secret-file:}") String secretFile,
      @Value("${tallyman.ingest.artifactory.use-secret-for-signing:true}") boolean signed,
      @Nullable @Value("${tallyman.ingest.artifactory.registry:}") String registry) {
    this.intake = intake;
    SecretRef ref = SecretRef.of(secret, secretFile);
    boolean configured = ref != null && registry != null && !registry.isBlank();
    this.endpoint =
        configured
            ? new WebhookEndpoint(
                "artifactory",
                new JFrogEventAuth(ref, signed),
                new ArtifactoryParser(json, registry, Clock.systemUTC())::parse,
                "")
            : new WebhookEndpoint(
                "artifactory",
                null,
                body -> {
                  throw new IllegalStateException("not configured");
                },
                "artifactory webhook not configured"
                    + " (tallyman.ingest.artifactory.secret or .secret-file, and .registry)");
  }

  @Post(
      uri = "/artifactory",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // waits for Kafka acks
  public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return intake.handle(endpoint, Delivery.of(request, body));
  }
}
