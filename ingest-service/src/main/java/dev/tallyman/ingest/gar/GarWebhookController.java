package dev.tallyman.ingest.gar;

import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.ingest.webhook.Delivery;
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
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;

/**
 * {@code POST /v1/webhooks/gar}: Google Artifact Registry through a Pub/Sub push subscription with
 * authentication enabled. Needs the audience set on the subscription and the push service account's
 * email; the JWKS URL defaults to Google's.
 */
@Controller("/v1/webhooks")
public class GarWebhookController {
  private final WebhookIntake intake;
  private final WebhookEndpoint endpoint;

  public GarWebhookController(
      WebhookIntake intake,
      JsonPayload json,
      ReplayWindow window,
      @Nullable @Value("${tallyman.ingest.gar.audience:}") String audience,
      @Nullable @Value("${tallyman.ingest.gar.service-account:}") String serviceAccount,
      @Value("${tallyman.ingest.gar.jwks-url:https://www.googleapis.com/oauth2/v3/certs}")
          String jwksUrl,
      @Value("${tallyman.ingest.gar.fetch-timeout:5s}") Duration timeout)
      throws MalformedURLException {
    this.intake = intake;
    boolean configured =
        audience != null
            && !audience.isBlank()
            && serviceAccount != null
            && !serviceAccount.isBlank();
    this.endpoint =
        new WebhookEndpoint(
            "gar",
            configured
                ? new PushJwtVerifier(
                    URI.create(jwksUrl).toURL(), audience, serviceAccount, timeout)
                : null,
            new PubSubPushParser(json, window)::parse,
            "gar webhook not configured (tallyman.ingest.gar.audience and .service-account)");
  }

  @Post(uri = "/gar", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // fetches keys, waits for Kafka acks
  public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return intake.handle(endpoint, Delivery.of(request, body));
  }
}
