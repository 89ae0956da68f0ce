package dev.tallyman.ingest.ondemand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import dev.tallyman.contracts.Topics;
import dev.tallyman.ingest.distribution.EventIds;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.ManifestMediaTypes;
import dev.tallyman.ingest.lanes.Lanes;
import dev.tallyman.ingest.poll.PollRegistries;
import dev.tallyman.ingest.poll.RegistryClient;
import dev.tallyman.ingest.poll.RegistryClients;
import dev.tallyman.ingest.poll.RegistrySpec;
import dev.tallyman.ingest.webhook.BearerToken;
import dev.tallyman.kit.kafka.KafkaPublisher;
import dev.tallyman.kit.trace.Trace;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.Priority;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/scans {"reference": "host/repo:tag"}}: asks for a scan now, in the priority lane.
 * A tag of a registry the poller knows is resolved to its digest first (so the event is keyed by
 * digest like a push); any other reference goes out with the tag, keyed by reference, and the
 * analyzer resolves it. Authenticated with the webhook token for now.
 */
@Controller("/v1/scans")
public class ScanController {
  private static final Logger LOG = LoggerFactory.getLogger(ScanController.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_BYTES = 4096;

  @Serdeable
  public record Accepted(String eventId, String reference, String digest) {}

  @Serdeable
  public record Refused(String error) {}

  private final KafkaPublisher publisher;
  private final String topic;
  private final PollRegistries registries;
  private final RegistryClients clients;
  private final BearerToken token;

  public ScanController(
      KafkaPublisher publisher,
      Topics topics,
      PollRegistries registries,
      RegistryClients clients,
      @Nullable @Value("${tallyman.ingest.webhook-token:}") String webhookToken,
      @Nullable @Value("${tallyman.ingest.webhook-token-file:}") String webhookTokenFile) {
    this.publisher = publisher;
    this.topic = topics.imageEvents();
    this.registries = registries;
    this.clients = clients;
    this.token = BearerToken.orNull(webhookToken, webhookTokenFile);
  }

  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // HEAD to the registry, then waits for the Kafka ack
  public HttpResponse<?> request(HttpRequest<?> request, @Nullable @Body byte[] body)
      throws InterruptedException {
    Optional<BearerToken.Denial> denied =
        BearerToken.deny(token, request.getHeaders().get(HttpHeaders.AUTHORIZATION));
    if (denied.isPresent()) {
      return refuse(HttpStatus.valueOf(denied.get().status()), denied.get().reason());
    }
    ScanReference ref;
    try {
      ref = ScanReference.parse(referenceOf(body));
    } catch (InvalidNotification e) {
      return refuse(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    String digest = ref.digest();
    String mediaType = "";
    Optional<RegistrySpec> known = registries.byHost(ref.registry());
    if (digest.isEmpty() && known.isPresent()) {
      try {
        Optional<RegistryClient.Resolved> resolved =
            clients.client(known.get()).resolve(ref.repository(), ref.tag());
        if (resolved.isEmpty()) {
          return refuse(HttpStatus.NOT_FOUND, "no such tag in registry: " + ref);
        }
        digest = resolved.get().digest();
        mediaType =
            ManifestMediaTypes.isImageManifest(resolved.get().mediaType())
                ? ManifestMediaTypes.essence(resolved.get().mediaType())
                : "";
      } catch (RuntimeException e) {
        // the analyzer can still resolve the tag itself
        LOG.warn("could not resolve {} ({}); emitting it by tag", ref, e.getMessage());
      }
    }
    String requestId = UUID.randomUUID().toString();
    Instant now = Instant.now();
    ImageEvent event =
        ImageEvent.newBuilder()
            .setEventId(EventIds.of(EventSource.EVENT_SOURCE_ON_DEMAND, requestId))
            .setSourceEventId(requestId)
            .setSource(EventSource.EVENT_SOURCE_ON_DEMAND)
            .setPriority(Priority.PRIORITY_HIGH)
            .setAction(ImageAction.IMAGE_ACTION_PUSH)
            .setRegistry(ref.registry())
            .setRepository(ref.repository())
            .setTag(ref.tag())
            .setDigest(digest)
            .setMediaType(mediaType)
            .setReceivedAt(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .build();
    event = Lanes.withOwnLocation(event);
    String key = Lanes.key(event);
    try (Trace.Scope ignored = Trace.continueFrom(request.getHeaders().get("traceparent"))) {
      publisher.publish(topic, key, event);
    } catch (RuntimeException e) {
      LOG.error("could not publish on-demand scan of {}", ref, e);
      return refuse(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable, retry later");
    }
    LOG.info("on-demand scan of {} requested as {}", ref, event.getEventId());
    return HttpResponse.accepted().body(new Accepted(event.getEventId(), ref.toString(), digest));
  }

  private static String referenceOf(byte[] body) {
    if (body == null || body.length == 0) {
      throw new InvalidNotification("body: expected {\"reference\": \"host/repository:tag\"}");
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new InvalidNotification("body: larger than " + MAX_BODY_BYTES + " bytes");
    }
    try {
      JsonNode ref = JSON.readTree(body).path("reference");
      if (!ref.isTextual()) {
        throw new InvalidNotification("reference: required string");
      }
      return ref.asText();
    } catch (IOException e) {
      throw new InvalidNotification("body: not JSON");
    }
  }

  private static HttpResponse<Refused> refuse(HttpStatus status, String reason) {
    LOG.warn("refused an on-demand scan with {}: {}", status.getCode(), reason);
    return HttpResponse.<Refused>status(status).body(new Refused(reason));
  }
}
