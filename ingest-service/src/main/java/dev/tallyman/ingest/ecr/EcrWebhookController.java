package dev.tallyman.ingest.ecr;

import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.ingest.webhook.BasicAuth;
import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.HeaderSecret;
import dev.tallyman.ingest.webhook.SecretRef;
import dev.tallyman.ingest.webhook.WebhookAuthenticator;
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
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Amazon ECR through EventBridge, two ways. {@code POST /v1/webhooks/ecr}: an EventBridge API
 * destination, authenticated by its connection (API key in a configurable header, or Basic). {@code
 * POST /v1/webhooks/ecr-sns}: an SNS HTTPS subscription, authenticated by SNS's message signature
 * and a topic allowlist.
 */
@Controller("/v1/webhooks")
public class EcrWebhookController {
  private final WebhookIntake intake;
  private final WebhookEndpoint apiDestination;
  private final WebhookEndpoint sns;

  public EcrWebhookController(
      WebhookIntake intake,
      JsonPayload json,
      ReplayWindow window,
      @Value("${tallyman.ingest.ecr.auth:api-key}") String auth,
      @Value("${tallyman.ingest.ecr.api-key-header:X-Api-Key}") String apiKeyHeader,
      @Nullable @Value("${tallyman.ingest.ecr.username:}") String username,
      @Nullable @Value("${tallyman.ingest.ecr.secret:}") String secret,
      @Nullable @Value("${tallyman.ingest.ecr.secret-file:}") String secretFile,
      @Nullable @Value("${tallyman.ingest.ecr.sns.topics:}") List<String> topics,
      @Nullable @Value("${tallyman.ingest.ecr.sns.allowed-hosts:}") List<String> allowedHosts,
      @Value("${tallyman.ingest.ecr.sns.allow-http:false}") boolean allowHttp,
      @Value("${tallyman.ingest.ecr.sns.fetch-timeout:5s}") Duration fetchTimeout) {
    this.intake = intake;
    SecretRef ref = SecretRef.of(secret, secretFile);
    WebhookAuthenticator apiAuth = null;
    if (ref != null && auth.equals("basic") && username != null && !username.isBlank()) {
      apiAuth = new BasicAuth(username, ref);
    } else if (ref != null && auth.equals("api-key")) {
      apiAuth = new HeaderSecret(apiKeyHeader, ref, false);
    }
    this.apiDestination =
        new WebhookEndpoint(
            "ecr",
            apiAuth,
            new EventBridgeParser(json, window)::parse,
            "ecr webhook not configured (tallyman.ingest.ecr.secret or .secret-file;"
                + " auth api-key, or basic with .username)");
    boolean snsConfigured =
        topics != null
            && !clean(topics).isEmpty()
            && allowedHosts != null
            && !clean(allowedHosts).isEmpty();
    if (snsConfigured) {
      HttpClient http =
          HttpClient.newBuilder()
              .connectTimeout(fetchTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      HostAllowlist allowlist = new HostAllowlist(clean(allowedHosts), allowHttp);
      SnsVerifier verifier =
          new SnsVerifier(allowlist, Set.copyOf(clean(topics)), http, fetchTimeout);
      SnsParser parser = new SnsParser(json, window, verifier, allowlist, http, fetchTimeout);
      this.sns = new WebhookEndpoint("ecr-sns", parser.authenticator(), parser::parse, "");
    } else {
      this.sns =
          new WebhookEndpoint(
              "ecr-sns",
              null,
              body -> {
                throw new IllegalStateException("not configured");
              },
              "ecr-sns webhook not configured (tallyman.ingest.ecr.sns.topics and"
                  + " .allowed-hosts)");
    }
  }

  private static List<String> clean(List<String> values) {
    return values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
  }

  @Post(uri = "/ecr", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // waits for Kafka acks
  public HttpResponse<?> receive(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return intake.handle(apiDestination, Delivery.of(request, body));
  }

  /** SNS posts {@code text/plain} bodies that hold JSON. */
  @Post(
      uri = "/ecr-sns",
      consumes = {MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON},
      produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING) // fetches certificates, waits for Kafka acks
  public HttpResponse<?> receiveSns(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return intake.handle(sns, Delivery.of(request, body));
  }
}
