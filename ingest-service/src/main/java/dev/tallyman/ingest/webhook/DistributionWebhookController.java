package dev.tallyman.ingest.webhook;

import dev.tallyman.ingest.distribution.NotificationParser;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives CNCF Distribution notifications (GitLab's registry, a Distribution fork, has its own
 * endpoint and secret: /v1/webhooks/gitlab) and publishes one ImageEvent per manifest push or
 * delete, keyed by digest. Any 5xx makes the registry retry the whole envelope, which is safe
 * because event ids are deterministic.
 */
@Controller("/v1/webhooks")
public class DistributionWebhookController {
  private static final Logger LOG = LoggerFactory.getLogger(DistributionWebhookController.class);

  private final WebhookIntake intake;
  private final WebhookEndpoint endpoint;

  public DistributionWebhookController(
      WebhookIntake intake,
      NotificationParser parser,
      @Nullable @Value("${tallyman.ingest.webhook-token:}") String webhookToken,
      @Nullable @Value("${tallyman.ingest.webhook-token-file:}") String webhookTokenFile) {
    this.intake = intake;
    BearerToken token = BearerToken.orNull(webhookToken, webhookTokenFile);
    if (token == null) {
      LOG.warn("tallyman.ingest.webhook-token is not set: the webhook refuses every request");
    }
    this.endpoint =
        new WebhookEndpoint(
            "distribution",
            token == null ? null : delivery -> check(token, delivery),
            parser::parse,
            "webhook token not configured");
  }

  private static Optional<String> check(BearerToken token, Delivery delivery) {
    BearerToken.Check check = token.check(delivery.header().apply(HttpHeaders.AUTHORIZATION));
    return check == BearerToken.Check.OK ? Optional.empty() : Optional.of(check.reason());
  }

  @Post(
      uri = "/distribution",
      consumes = {NotificationParser.MEDIA_TYPE, MediaType.APPLICATION_JSON},
      produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // waits for Kafka acks
  public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return intake.handle(endpoint, Delivery.of(request, body));
  }
}
