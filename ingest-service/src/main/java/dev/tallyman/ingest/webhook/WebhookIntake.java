package dev.tallyman.ingest.webhook;

import dev.tallyman.contracts.Topics;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.lanes.Lanes;
import dev.tallyman.kit.kafka.KafkaPublisher;
import dev.tallyman.kit.trace.Trace;
import dev.tallyman.proto.v1.ImageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every webhook flavour shares: authenticate, parse, publish each ImageEvent to its lane
 * ({@code <prefix>.image-events} for pushes) synchronously inside its own trace, answer. 202 only
 * after Kafka acknowledged every new event; 200 with the flavour's answer for a subscription
 * handshake; 400 with the reason for a body that will never be valid; 401 for a wrong secret or
 * signature; 503 (the registry retries) when unconfigured, the secret is unreadable or Kafka is
 * down. Nothing is published unless the whole body is valid.
 */
@Singleton
public class WebhookIntake {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

  private final KafkaPublisher publisher;
  private final Lanes lanes;
  private final MeterRegistry meters;
  private final RecentEventIds recent;

  public WebhookIntake(
      KafkaPublisher publisher, Topics topics, MeterRegistry meters, RecentEventIds recent) {
    this.publisher = publisher;
    this.lanes = new Lanes(topics);
    this.meters = meters;
    this.recent = recent;
  }

  public HttpResponse<?> handle(WebhookEndpoint endpoint, Delivery delivery) {
    String flavour = endpoint.flavour();
    if (endpoint.authenticator() == null) {
      return refuse(flavour, HttpStatus.SERVICE_UNAVAILABLE, endpoint.notConfigured());
    }
    Optional<String> refusal;
    try {
      refusal = endpoint.authenticator().refusal(delivery);
    } catch (SecretRef.SecretUnavailable e) {
      LOG.error("{} webhook secret unavailable: {}", flavour, e.getMessage());
      return refuse(flavour, HttpStatus.SERVICE_UNAVAILABLE, "webhook secret unavailable");
    } catch (RetryLater e) {
      return refuse(flavour, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    } catch (InvalidNotification e) {
      return refuse(flavour, HttpStatus.BAD_REQUEST, e.getMessage());
    }
    if (refusal.isPresent()) {
      return refuse(flavour, HttpStatus.UNAUTHORIZED, refusal.get());
    }
    NotificationResult result;
    try {
      result = endpoint.parser().parse(delivery.body());
    } catch (RetryLater e) {
      return refuse(flavour, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    } catch (InvalidNotification e) {
      return refuse(flavour, HttpStatus.BAD_REQUEST, e.getMessage());
    }
    if (result.handshake() != null) {
      count(flavour, "handshake", 1);
      LOG.info("answered a {} subscription handshake", flavour);
      return HttpResponse.ok(result.handshake());
    }
    int published = 0;
    int duplicate = 0;
    for (ImageEvent parsed : result.events()) {
      ImageEvent event = Lanes.withOwnLocation(parsed);
      String topic = lanes.topicFor(event);
      if (recent.contains(event.getEventId())) {
        duplicate++;
        continue;
      }
      // each image's journey is one trace (a child of the caller's, if it sent one)
      try (Trace.Scope ignored = Trace.continueFrom(delivery.traceparent())) {
        publisher.publish(topic, Lanes.key(event), event);
        recent.remember(event.getEventId());
        published++;
        LOG.info(
            "published {} {} {}/{}{} as {}",
            flavour,
            event.getAction(),
            event.getRegistry(),
            event.getRepository(),
            event.getDigest().isEmpty() ? ":" + event.getTag() : "@" + event.getDigest(),
            event.getEventId());
      } catch (RuntimeException e) {
        LOG.error("could not publish {} to {}", event.getEventId(), topic, e);
        return refuse(flavour, HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable, retry later");
      }
    }
    count(flavour, "accepted", published);
    count(flavour, "ignored", result.ignored());
    count(flavour, "duplicate", duplicate);
    return HttpResponse.accepted()
        .body(new WebhookReplies.Accepted(published, result.ignored(), duplicate));
  }

  static String key(ImageEvent event) {
    return Lanes.key(event);
  }

  private HttpResponse<WebhookReplies.Refused> refuse(
      String flavour, HttpStatus status, String reason) {
    LOG.warn("refused a {} notification with {}: {}", flavour, status.getCode(), reason);
    meters
        .counter(
            "tallyman.ingest.webhook.refused",
            "status",
            String.valueOf(status.getCode()),
            "flavour",
            flavour)
        .increment();
    return HttpResponse.<WebhookReplies.Refused>status(status)
        .body(new WebhookReplies.Refused(reason));
  }

  private void count(String flavour, String outcome, int n) {
    meters
        .counter("tallyman.ingest.webhook.events", "outcome", outcome, "flavour", flavour)
        .increment(n);
  }
}
