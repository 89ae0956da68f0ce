package dev.tallyman.ingest.harbor;

import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
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

/** {@code POST /v1/webhooks/harbor}: Harbor HTTP webhook policies, Default or CloudEvents. */
@Controller("/v1/webhooks")
public class HarborWebhookController {
  private final WebhookIntake intake;
  private final WebhookEndpoint endpoint;

  public HarborWebhookController(
      WebhookIntake intake,
      JsonPayload json,
      ReplayWindow window,
      @Nullable @Value("${tallyman.ingest.harbor.secret:}") String secret,
      @Nullable @Value("${tallyman.ingest.harbor.secret-file:}") String secretFile) {
    this.intake = intake;
    SecretRef shared = SecretRef.of(secret, secretFile);
    this.endpoint =
        new WebhookEndpoint(
            "harbor",
            shared == null ? null : new HarborAuthHeader(shared),
            new HarborParser(json, window)::parse,
            "harbor webhook not configured (tallyman.ingest.harbor.secret or .secret-file)");
  }

  @Post(
      uri = "/harbor",
      consumes = {MediaType.APPLICATION_JSON, "application/cloudevents+json"},
      produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // waits for Kafka acks
  public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return intake.handle(endpoint, Delivery.of(request, body));
  }
}
