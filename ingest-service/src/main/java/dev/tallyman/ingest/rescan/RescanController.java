package dev.tallyman.ingest.rescan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.contracts.Topics;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.lanes.Lanes;
import dev.tallyman.ingest.poll.PollRegistries;
import dev.tallyman.ingest.poll.PollScheduler;
import dev.tallyman.ingest.poll.RegistrySpec;
import dev.tallyman.ingest.webhook.BearerToken;
import dev.tallyman.kit.kafka.KafkaPublisher;
import dev.tallyman.proto.v1.ImageEvent;
import io.micronaut.context.BeanProvider;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/rescans {"registry": "name-or-host", "repositoryPrefix": "team-a"}}: re-analyzes
 * every digest the poller knows in a registry (or below a repository prefix), in the bulk lane, one
 * event per digest with all its tags attached. Answered by the replica that owns the registry's
 * poll state; another replica answers 409.
 */
@Controller("/v1/rescans")
public class RescanController {
  private static final Logger LOG = LoggerFactory.getLogger(RescanController.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_BYTES = 4096;

  @Serdeable
  public record Accepted(String rescanId, String registry, int digests, int locations) {}

  @Serdeable
  public record Refused(String error) {}

  private final KafkaPublisher publisher;
  private final String bulkLane;
  private final PollRegistries registries;
  private final BeanProvider<PollScheduler> scheduler;
  private final BearerToken token;

  public RescanController(
      KafkaPublisher publisher,
      Topics topics,
      PollRegistries registries,
      BeanProvider<PollScheduler> scheduler,
      @Nullable @Value("${tallyman.ingest.webhook-token:}") String webhookToken,
      @Nullable @Value("${tallyman.ingest.webhook-token-file:}") String webhookTokenFile) {
    this.publisher = publisher;
    this.bulkLane = topics.imageEventsBulk();
    this.registries = registries;
    this.scheduler = scheduler;
    this.token = BearerToken.orNull(webhookToken, webhookTokenFile);
  }

  @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // waits for the Kafka acks
  public HttpResponse<?> rescan(HttpRequest<?> request, @Nullable @Body byte[] body) {
    Optional<BearerToken.Denial> denied =
        BearerToken.deny(token, request.getHeaders().get(HttpHeaders.AUTHORIZATION));
    if (denied.isPresent()) {
      return refuse(HttpStatus.valueOf(denied.get().status()), denied.get().reason());
    }
    String registry;
    String prefix;
    try {
      JsonNode root = read(body);
      registry = text(root, "registry", true);
      prefix = RescanPlan.normalizePrefix(text(root, "repositoryPrefix", false));
    } catch (InvalidNotification e) {
      return refuse(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    Optional<RegistrySpec> spec = registries.named(registry).or(() -> registries.byHost(registry));
    if (spec.isEmpty()) {
      return refuse(HttpStatus.NOT_FOUND, "no polled registry named " + registry);
    }
    if (!scheduler.isPresent()) {
      return refuse(HttpStatus.SERVICE_UNAVAILABLE, "polling is not running");
    }
    Map<String, String> known;
    try {
      known = scheduler.get().known(spec.get().name());
    } catch (IllegalStateException e) {
      return refuse(HttpStatus.CONFLICT, e.getMessage() + "; ask the replica that polls it");
    }
    String rescanId = UUID.randomUUID().toString();
    List<ImageEvent> events =
        RescanPlan.events(rescanId, spec.get().host(), known, prefix, Instant.now());
    int locations = events.stream().mapToInt(ImageEvent::getLocationsCount).sum();
    try {
      publisher.publishEach(
          bulkLane, events.stream().map(e -> new KafkaPublisher.Keyed(Lanes.key(e), e)).toList());
    } catch (RuntimeException e) {
      LOG.error("rescan {} of {} stopped: {}", rescanId, registry, e.toString());
      return refuse(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable, retry later");
    }
    LOG.info(
        "rescan {} of {} (prefix '{}'): {} digests, {} locations",
        rescanId,
        spec.get().name(),
        prefix,
        events.size(),
        locations);
    return HttpResponse.accepted()
        .body(new Accepted(rescanId, spec.get().name(), events.size(), locations));
  }

  private static JsonNode read(byte[] body) {
    if (body == null || body.length == 0) {
      throw new InvalidNotification(
          "body: expected {\"registry\": ..., \"repositoryPrefix\": ...}");
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new InvalidNotification("body: larger than " + MAX_BODY_BYTES + " bytes");
    }
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || !root.isObject()) {
        throw new InvalidNotification("body: must be a JSON object");
      }
      return root;
    } catch (IOException e) {
      throw new InvalidNotification("body: not JSON");
    }
  }

  private static String text(JsonNode root, String field, boolean required) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new InvalidNotification(field + ": required string");
      }
      return "";
    }
    if (!v.isTextual()) {
      throw new InvalidNotification(field + ": must be a string");
    }
    if (required && v.asText().isBlank()) {
      throw new InvalidNotification(field + ": required string");
    }
    return v.asText();
  }

  private static HttpResponse<Refused> refuse(HttpStatus status, String reason) {
    LOG.warn("refused a rescan with {}: {}", status.getCode(), reason);
    return HttpResponse.<Refused>status(status).body(new Refused(reason));
  }
}
