package dev.tallyman.ingest.gar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tallyman.ingest.webhook.ImageEventTopic;
import dev.tallyman.ingest.webhook.WebhookTestServer;
import dev.tallyman.proto.v1.ImageEvent;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pub/Sub push deliveries over real HTTP to a real broker, authenticated by RS256 JWTs signed with
 * a locally generated key whose JWKS a JDK HttpServer on 127.0.0.1 serves in Google's stead.
 */
class GarWebhookKafkaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUDIENCE = "https://ingest.example.internal/v1/webhooks/gar";
  private static final String ACCOUNT = "pubsub-push@my-project.iam.gserviceaccount.com";
  private static RSAKey key;
  private static RSAKey otherKey;
  private static HttpServer jwks;
  private static WebhookTestServer server;

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    byte[] set = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext(
        "/oauth2/v3/certs",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, set.length);
          exchange.getResponseBody().write(set);
          exchange.close();
        });
    jwks.start();
    server =
        new WebhookTestServer(
            Map.of(
                "tallyman.ingest.gar.audience", AUDIENCE,
                "tallyman.ingest.gar.service-account", ACCOUNT,
                "tallyman.ingest.gar.jwks-url",
                    "http://127.0.0.1:" + jwks.getAddress().getPort() + "/oauth2/v3/certs"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (jwks != null) {
      jwks.stop(0);
    }
  }

  private static String token(RSAKey signer, Consumer<JWTClaimsSet.Builder> change)
      throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer("https://accounts.google.com")
            .audience(AUDIENCE)
            .subject("113774264463038321964")
            .claim("azp", "113774264463038321964")
            .claim("email", ACCOUNT)
            .claim("email_verified", true)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(3600)));
    change.accept(claims);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
            claims.build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  private static byte[] freshPush() throws Exception {
    ObjectNode root =
        (ObjectNode) JSON.readTree(PubSubPushParserTest.testdata("pubsub-push-insert.json"));
    ObjectNode message = (ObjectNode) root.get("message");
    message.put("messageId", UUID.randomUUID().toString());
    message.put("publishTime", Instant.now().toString());
    return JSON.writeValueAsBytes(root);
  }

  @Test
  void authenticatedPushIsPublished() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    HttpResponse<String> response =
        server.post(
            "/v1/webhooks/gar", freshPush(), "Authorization", "Bearer " + token(key, c -> {}));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    List<ConsumerRecord<String, byte[]>> records = server.topic().recordsSince(before);
    assertThat(records).hasSize(1);
    ImageEvent e = ImageEventTopic.parse(records.get(0));
    assertThat(e.getRegistry()).isEqualTo("us-east1-docker.pkg.dev");
    assertThat(e.getRepository()).isEqualTo("my-project/my-repo/hello-world");
  }

  @Test
  void tokensThatAreNotGooglesPushTokenForUsAreRefused() throws Exception {
    Map<TopicPartition, Long> before = server.topic().endOffsets();

    assertRefused(null, "missing Authorization");
    assertRefused("Bearer not.a.jwt", "push token");
    assertRefused("Bearer " + token(otherKey, c -> {}), "signature");
    assertRefused("Bearer " + token(key, c -> c.audience("https://elsewhere")), "aud");
    assertRefused("Bearer " + token(key, c -> c.issuer("https://evil.example")), "issuer");
    assertRefused(
        "Bearer " + token(key, c -> c.claim("email", "x@evil.example")), "another service account");
    assertRefused("Bearer " + token(key, c -> c.claim("email_verified", false)), "not verified");
    assertRefused(
        "Bearer "
            + token(
                key,
                c ->
                    c.issueTime(Date.from(Instant.now().minusSeconds(7200)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(3600)))),
        "xpired");
    assertRefused("Bearer " + token(key, c -> c.claim("email", null)), "email");
    String unsigned =
        Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + token(key, c -> {}).split("\\.")[1]
            + ".";
    assertRefused("Bearer " + unsigned, "push token");
    assertThat(server.topic().endOffsets()).isEqualTo(before);
  }

  private static void assertRefused(String authorization, String reason) throws Exception {
    HttpResponse<String> response =
        authorization == null
            ? server.post("/v1/webhooks/gar", freshPush())
            : server.post("/v1/webhooks/gar", freshPush(), "Authorization", authorization);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(response.body()).contains(reason);
  }
}
