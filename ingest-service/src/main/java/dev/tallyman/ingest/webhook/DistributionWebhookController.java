package dev.tallyman.ingest.webhook;

import dev.tallyman.contracts.Topics;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.NotificationParser;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.kit.kafka.KafkaPublisher;
import dev.tallyman.kit.trace.Trace;
import dev.tallyman.proto.v1.ImageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives CNCF Distribution notifications and publishes one ImageEvent per manifest push or delete
 * to {@code <prefix>.image-events}, keyed by digest. Answers 202 only after Kafka acknowledged
 * every event; any 5xx makes the registry retry the whole envelope, which is safe because event ids
 * are deterministic.
 */
@Controller("/v1/webhooks")
public class DistributionWebhookController {
  private static final Logger LOG = LoggerFactory.getLogger(DistributionWebhookController.class);

  private final NotificationParser parser;
  private final KafkaPublisher publisher;
  private final String topic;
  private final @Nullable BearerToken token;
  private final MeterRegistry meters;

  public DistributionWebhookController(
      NotificationParser parser,
      KafkaPublisher publisher,
      Topics topics,
      MeterRegistry meters,
      @Nullable @Value("${tallyman.ingest.webhook-token:}") String webhookToken) {
    this.parser = parser;
    this.publisher = publisher;
    this.topic = topics.imageEvents();
    this.meters = meters;
    this.token =
        webhookToken == null || webhookToken.isBlank() ? null : new BearerToken(webhookToken);
    if (token == null) {
      LOG.warn("tallyman.ingest.webhook-token is not set: the webhook refuses every request");
    }
  }

  @Post(
      uri = "/distribution",
      consumes = {NotificationParser.MEDIA_TYPE, MediaType.APPLICATION_JSON},
      produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // waits for Kafka acks
  public HttpResponse<?> receive(
      @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
      @Nullable @Header("traceparent") String traceparent,
      @Nullable @Body byte[] body) {
    if (token == null) {
      return refuse(HttpStatus.SERVICE_UNAVAILABLE, "webhook token not configured");
    }
    BearerToken.Check auth = token.check(authorization);
    if (auth != BearerToken.Check.OK) {
      return refuse(HttpStatus.UNAUTHORIZED, auth.reason());
    }
    NotificationResult result;
    try {
      result = parser.parse(body);
    } catch (InvalidNotification e) {
      return refuse(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    for (ImageEvent event : result.events()) {
      // each image's journey is one trace (a child of the caller's, if it sent one)
      try (Trace.Scope ignored = Trace.continueFrom(traceparent)) {
        publisher.publish(topic, event.getDigest(), event);
        LOG.info(
            "published {} {}/{}@{} as {}",
            event.getAction(),
            event.getRegistry(),
            event.getRepository(),
            event.getDigest(),
            event.getEventId());
      } catch (RuntimeException e) {
        LOG.error("could not publish {} to {}", event.getEventId(), topic, e);
        return refuse(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable, retry later");
      }
    }
    count("accepted", result.events().size());
    count("ignored", result.ignored());
    return HttpResponse.accepted()
        .body(new WebhookReplies.Accepted(result.events().size(), result.ignored()));
  }

  private HttpResponse<WebhookReplies.Refused> refuse(HttpStatus status, String reason) {
    LOG.warn("refused a distribution notification with {}: {}", status.getCode(), reason);
    meters
        .counter("tallyman.ingest.webhook.refused", "status", String.valueOf(status.getCode()))
        .increment();
    return HttpResponse.<WebhookReplies.Refused>status(status)
        .body(new WebhookReplies.Refused(reason));
  }

  private void count(String outcome, int n) {
    meters.counter("tallyman.ingest.webhook.events", "outcome", outcome).increment(n);
  }
}
