package dev.tallyman.ingest.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.ingest.webhook.ImageEventTopic;
import dev.tallyman.ingest.webhook.WebhookTestServer;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ECR events through EventBridge over real HTTP to a real broker: an API destination with an API
 * key, and an SNS subscription whose signing certificate and confirmation URL are served by a local
 * stand-in for SNS.
 */
class EcrWebhookKafkaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_KEY = "ecr-" + UUID.randomUUID();
  @TempDir static Path dir;
  private static SnsTestSigner sns;
  private static WebhookTestServer server;

  @BeforeAll
  static void start() throws Exception {
    sns = new SnsTestSigner(dir);
    server =
        new WebhookTestServer(
            Map.of(
                "tallyman.ingest.ecr.secret",
                API_KEY,
                "tallyman.ingest.ecr.sns.topics",
                SnsTestSigner.TOPIC,
                "tallyman.ingest.ecr.sns.allowed-hosts",
                sns.hostPort(),
                "tallyman.ingest.ecr.sns.allow-http",
                "true"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (sns != null) {
      sns.close();
    }
  }

  /** The documented push with a fresh id and time. */
  static String freshEvent(String action) throws Exception {
    ObjectNode event =
        (ObjectNode) JSON.readTree(EventBridgeParserTest.testdata("eventbridge-push.json"));
    event.put("id", UUID.randomUUID().toString());
    event.put("time", Instant.now().toString());
    ((ObjectNode) event.get("detail")).put("action-type", action);
    return JSON.writeValueAsString(event);
  }

  @Test
  void apiDestinationPushIsPublishedOnceAndTheSameEventThroughSnsIsADuplicate() throws Exception {
    String event = freshEvent("PUSH");
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> wrong =
        server.post("/v1/webhooks/ecr", event.getBytes(), "X-Api-Key", "not-" + API_KEY);
    HttpResponse<String> ok =
        server.post("/v1/webhooks/ecr", event.getBytes(), "X-Api-Key", API_KEY);
    HttpResponse<String> viaSns =
        server.postAs(
            "text/plain",
            "/v1/webhooks/ecr-sns",
            SnsTestSigner.bytes(
                sns.notification(
                    UUID.randomUUID().toString(), event, Instant.now().toString(), "1")),
            "x-amz-sns-message-type",
            "Notification");

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(viaSns.statusCode()).isEqualTo(202);
    assertThat(viaSns.body()).contains("\"duplicate\":1");
    List<ConsumerRecord<String, byte[]>> records = server.topic().recordsSince(before);
    assertThat(records).hasSize(1);
    ImageEvent published = ImageEventTopic.parse(records.get(0));
    assertThat(records.get(0).key()).isEqualTo(published.getDigest());
    assertThat(published.getRegistry()).isEqualTo("123456789012.dkr.ecr.us-west-2.amazonaws.com");
    assertThat(published.getLocationsList())
        .extracting(l -> l.getRegistry() + "/" + l.getRepository() + ":" + l.getTag())
        .containsExactly("123456789012.dkr.ecr.us-west-2.amazonaws.com/my-repository-name:latest");
  }

  @Test
  void snsNotificationsOfBothSignatureVersionsArePublished() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> v1 =
        server.postAs(
            "text/plain",
            "/v1/webhooks/ecr-sns",
            SnsTestSigner.bytes(
                sns.notification("m-1", freshEvent("PUSH"), Instant.now().toString(), "1")));
    HttpResponse<String> v2 =
        server.postAs(
            "text/plain",
            "/v1/webhooks/ecr-sns",
            SnsTestSigner.bytes(
                sns.notification("m-2", freshEvent("DELETE"), Instant.now().toString(), "2")));

    assertThat(v1.statusCode()).as(v1.body()).isEqualTo(202);
    assertThat(v2.statusCode()).as(v2.body()).isEqualTo(202);
    assertThat(server.topic().recordsSince(before))
        .extracting(r -> ImageEventTopic.parse(r).getAction())
        .containsExactly(ImageAction.IMAGE_ACTION_PUSH, ImageAction.IMAGE_ACTION_DELETE);
  }

  @Test
  void forgedSnsMessagesAreRefusedAndPublishNothing() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();
    String now = Instant.now().toString();

    ObjectNode tampered = sns.notification("m-3", freshEvent("PUSH"), now, "1");
    tampered.put("Message", freshEvent("PUSH")); // not what was signed
    ObjectNode foreignCert = sns.notification("m-4", freshEvent("PUSH"), now, "2");
    foreignCert.put("SigningCertURL", "http://localhost:1/SimpleNotificationService-x.pem");
    ObjectNode otherTopic = sns.notification("m-5", freshEvent("PUSH"), now, "1");
    otherTopic.put("TopicArn", "arn:aws:sns:us-west-2:123456789012:someone-else");
    sns.sign(otherTopic);
    ObjectNode stale =
        sns.notification(
            "m-6", freshEvent("PUSH"), Instant.now().minusSeconds(3600).toString(), "1");
    ObjectNode unknownVersion = sns.notification("m-7", freshEvent("PUSH"), now, "1");
    unknownVersion.put("SignatureVersion", "3");

    assertRefused(tampered, 401, "signature does not match");
    assertRefused(foreignCert, 401, "SigningCertURL: host localhost:1 is not allowed");
    assertRefused(otherTopic, 401, "is not subscribed here");
    assertRefused(stale, 400, "Timestamp");
    assertRefused(unknownVersion, 401, "SignatureVersion 3");
    HttpResponse<String> notJson =
        server.postAs("text/plain", "/v1/webhooks/ecr-sns", "hello".getBytes());
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(server.topic().endOffsets()).isEqualTo(before);
  }

  @Test
  void subscriptionIsConfirmedOnlyThroughAnAllowlistedUrl() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();
    int seen = sns.confirmations.size();
    String confirmUrl = "http://" + sns.hostPort() + "/?Action=ConfirmSubscription&Token=abc";

    HttpResponse<String> confirmed =
        server.postAs(
            "text/plain",
            "/v1/webhooks/ecr-sns",
            SnsTestSigner.bytes(sns.confirmation(confirmUrl, Instant.now().toString())),
            "x-amz-sns-message-type",
            "SubscriptionConfirmation");
    HttpResponse<String> elsewhere =
        server.postAs(
            "text/plain",
            "/v1/webhooks/ecr-sns",
            SnsTestSigner.bytes(
                sns.confirmation(
                    "http://localhost:1/?Action=ConfirmSubscription&Token=abc",
                    Instant.now().toString())));

    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    assertThat(confirmed.body()).contains(SnsTestSigner.TOPIC);
    assertThat(elsewhere.statusCode()).isEqualTo(400);
    assertThat(elsewhere.body()).contains("SubscribeURL").contains("not allowed");
    assertThat(sns.confirmations.subList(seen, sns.confirmations.size()))
        .containsExactly("/?Action=ConfirmSubscription&Token=abc");
    assertThat(server.topic().endOffsets()).isEqualTo(before);
  }

  private static void assertRefused(ObjectNode message, int status, String reason)
      throws Exception {
    HttpResponse<String> response =
        server.postAs("text/plain", "/v1/webhooks/ecr-sns", SnsTestSigner.bytes(message));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains(reason);
  }
}
