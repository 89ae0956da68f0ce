package dev.tallyman.ingest.quay;

import dev.tallyman.ingest.payload.JsonPayload;
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
import java.time.Clock;

/**
 * {@code POST /v1/webhooks/quay?token=...}: Quay webhook notifications. Quay neither signs nor
 * sends configurable headers, so the secret is part of the URL the operator enters in Quay.
 */
@Controller("/v1/webhooks")
public class QuayWebhookController {
  private final WebhookIntake intake;
  private final WebhookEndpoint endpoint;

  public QuayWebhookController(
      WebhookIntake intake,
      JsonPayload json,
      @Nullable @Value("${tallyman.ingest.quay.secret:}") String secret,
      @Nullable @Value("${tallyman.ingest.quay.secret-file:}") String secretFile) {
    this.intake = intake;
    SecretRef shared = SecretRef.of(secret, secretFile);
    this.endpoint =
        new WebhookEndpoint(
            "quay",
            shared == null ? null : new QueryToken(shared),
            new QuayParser(json, Clock.systemUTC())::parse,
            "quay webhook not configured (tallyman.ingest.quay.secret or .secret-file)");
  }

  @Post(uri = "/quay", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // waits for Kafka acks
  public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return intake.handle(endpoint, Delivery.of(request, body));
  }
}
