package dev.tallyman.ingest.gitlab;

import dev.tallyman.ingest.distribution.NotificationLimits;
import dev.tallyman.ingest.distribution.NotificationParser;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.HeaderSecret;
import dev.tallyman.ingest.webhook.SecretRef;
import dev.tallyman.ingest.webhook.WebhookEndpoint;
import dev.tallyman.ingest.webhook.WebhookIntake;
import dev.tallyman.proto.v1.EventSource;
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
 * {@code POST /v1/webhooks/gitlab}: the GitLab container registry's notifications. GitLab's
 * registry is a fork of CNCF Distribution and sends the same envelope ({@code
 * application/vnd.docker.distribution.events.v1+json}, configured in {@code gitlab.rb} as {@code
 * registry['notifications']} with a {@code headers} map); GitLab adds fields (actor {@code
 * user_type}, {@code user_id}) the parser does not need. The secret is the configured header's
 * whole value ({@code Authorization} by default); every event's {@code timestamp} must lie within
 * the replay window, and event ids are remembered against redelivery.
 */
@Controller("/v1/webhooks")
public class GitLabWebhookController {
  private final WebhookIntake intake;
  private final WebhookEndpoint endpoint;

  public GitLabWebhookController(
      WebhookIntake intake,
      NotificationLimits limits,
      ReplayWindow window,
      @Nullable @Value("${tallyman.ingest.gitlab.secret:}") String secret,
      @Nullable @Value("${tallyman.ingest.gitlab.secret-file:}") String secretFile,
      @Value("${tallyman.ingest.gitlab.header:Authorization}") String header) {
    this.intake = intake;
    SecretRef ref = SecretRef.of(secret, secretFile);
    NotificationParser parser =
        new NotificationParser(
            limits, Clock.systemUTC(), EventSource.EVENT_SOURCE_GITLAB_WEBHOOK, window);
    this.endpoint =
        new WebhookEndpoint(
            "gitlab",
            ref == null ? null : new HeaderSecret(header, ref, false),
            parser::parse,
            "gitlab webhook not configured (tallyman.ingest.gitlab.secret or .secret-file)");
  }

  @Post(
      uri = "/gitlab",
      consumes = {NotificationParser.MEDIA_TYPE, MediaType.APPLICATION_JSON},
      produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // waits for Kafka acks
  public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return intake.handle(endpoint, Delivery.of(request, body));
  }
}
