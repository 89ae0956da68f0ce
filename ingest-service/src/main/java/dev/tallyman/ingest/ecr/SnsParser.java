package dev.tallyman.ingest.ecr;

import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.NotificationResult;
import dev.tallyman.ingest.payload.JsonPayload;
import dev.tallyman.ingest.payload.ReplayWindow;
import dev.tallyman.ingest.payload.Timestamps;
import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.RetryLater;
import dev.tallyman.ingest.webhook.WebhookAuthenticator;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Amazon ECR events through an SNS topic (an EventBridge rule targeting SNS) with an HTTPS
 * subscription. Every message's signature is verified first ({@link #authenticator()}). A {@code
 * SubscriptionConfirmation} is confirmed by a GET of its {@code SubscribeURL}, only if that URL is
 * allowlisted; a {@code Notification} carries the EventBridge event as its {@code Message} and must
 * be within the replay window.
 */
public final class SnsParser {
  /** The 200 answer to a confirmed subscription. */
  @Serdeable
  public record Confirmed(String confirmed) {}

  private final JsonPayload json;
  private final ReplayWindow window;
  private final SnsVerifier verifier;
  private final HostAllowlist allowlist;
  private final EventBridgeParser events;
  private final HttpClient http;
  private final Duration timeout;

  public SnsParser(
      JsonPayload json,
      ReplayWindow window,
      SnsVerifier verifier,
      HostAllowlist allowlist,
      HttpClient http,
      Duration timeout) {
    this.json = json;
    this.window = window;
    this.verifier = verifier;
    this.allowlist = allowlist;
    this.events = new EventBridgeParser(json, window);
    this.http = http;
    this.timeout = timeout;
  }

  /** Signature and topic, checked before anything in the message is acted upon. */
  public WebhookAuthenticator authenticator() {
    return this::refusal;
  }

  private Optional<String> refusal(Delivery delivery) {
    SnsMessage m = SnsMessage.of(json.readObject(delivery.body()));
    String announced = delivery.header().apply("x-amz-sns-message-type");
    if (announced != null && !announced.equals(m.type())) {
      return Optional.of("x-amz-sns-message-type does not match Type");
    }
    return verifier.refusal(m);
  }

  public NotificationResult parse(byte[] body) {
    SnsMessage m = SnsMessage.of(json.readObject(body));
    return switch (m.type()) {
      case SnsMessage.CONFIRMATION -> confirm(m);
      case SnsMessage.NOTIFICATION -> {
        window.check(Timestamps.rfc3339(m.timestamp(), "Timestamp"), "Timestamp");
        yield events.parse(
            json.readObject(m.message().getBytes(StandardCharsets.UTF_8)), "Message");
      }
      default -> new NotificationResult(List.of(), 1); // unsubscribed: nothing to do
    };
  }

  private NotificationResult confirm(SnsMessage m) {
    String refusal = allowlist.refusal(m.subscribeUrl());
    if (refusal != null) {
      throw new InvalidNotification("SubscribeURL: " + refusal);
    }
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(m.subscribeUrl())).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new RetryLater("subscription confirmation answered HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new RetryLater("subscription confirmation failed: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryLater("interrupted");
    }
    return NotificationResult.handshake(new Confirmed(m.topicArn()));
  }
}
