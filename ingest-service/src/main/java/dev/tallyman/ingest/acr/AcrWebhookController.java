package dev.tallyman.ingest.acr;

import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.HeaderSecret;
import dev.tallyman.ingest.webhook.SecretRef;
import dev.tallyman.ingest.webhook.WebhookEndpoint;
import dev.tallyman.ingest.webhook.WebhookIntake;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/webhooks/acr}: Azure Container Registry through an Event Grid webhook
 * subscription (Event Grid or CloudEvents schema). Event Grid cannot sign deliveries; the secret
 * travels as the endpoint URL's {@code ?token=} (Event Grid's documented way) or in a static
 * delivery-property header ({@code Authorization} by default). {@code OPTIONS} answers the
 * CloudEvents webhook validation handshake ({@code WebHook-Request-Origin}) once authenticated.
 */
@Controller("/v1/webhooks")
public class AcrWebhookController {
  private static final Pattern ORIGIN = Pattern.compile("[A-Za-z0-9.-]{1,253}");

  private final WebhookIntake intake;
  private final WebhookEndpoint endpoint;

  public AcrWebhookController(
      WebhookIntake intake,
      JsonPayload json,
      ReplayWindow window,
      @Nullable @Value("${tallyman.ingest.acr.secret:}") String secret,
      @Nullable @Value("${tallyman.ingest.acr.secret-file:}") String secretFile,
      @Value("${tallyman.ingest.acr.header:Authorization}") String header) {
    this.intake = intake;
    SecretRef ref = SecretRef.of(secret, secretFile);
    this.endpoint =
        new WebhookEndpoint(
            "acr",
            ref == null ? null : new HeaderSecret(header, ref, true),
            new EventGridParser(json, window)::parse,
            "acr webhook not configured (tallyman.ingest.acr.secret or .secret-file)");
  }

  @Post(
      uri = "/acr",
      consumes = {
        MediaType.APPLICATION_JSON,
        "application/cloudevents+json",
        "application/cloudevents-batch+json"
      },
      produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // waits for Kafka acks
  public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return intake.handle(endpoint, Delivery.of(request, body));
  }

  /** CloudEvents 1.0 webhook abuse protection: allow Event Grid's origin to deliver. */
  @Options(uri = "/acr")
  public HttpResponse<?> validate(HttpRequest<?> request) {
    String origin = request.getHeaders().get("WebHook-Request-Origin");
    if (origin == null || !ORIGIN.matcher(origin).matches()) {
      return HttpResponse.status(HttpStatus.BAD_REQUEST)
          .body(new Reply("missing or malformed WebHook-Request-Origin header"));
    }
    if (endpoint.authenticator() == null) {
      return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(new Reply("not configured"));
    }
    Optional<String> refusal = endpoint.authenticator().refusal(Delivery.of(request, null));
    if (refusal.isPresent()) {
      return HttpResponse.status(HttpStatus.UNAUTHORIZED).body(new Reply(refusal.get()));
    }
    return HttpResponse.ok()
        .header("WebHook-Allowed-Origin", origin)
        .header("WebHook-Allowed-Rate", "*");
  }

  @io.micronaut.serde.annotation.Serdeable
  record Reply(String error) {}
}
