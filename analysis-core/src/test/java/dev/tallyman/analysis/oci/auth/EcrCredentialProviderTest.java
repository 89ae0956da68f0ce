package dev.tallyman.analysis.oci.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.oci.ImageReference;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.oci.RegistrySettings;
import dev.tallyman.analysis.oci.RetryPolicy;
import dev.tallyman.analysis.testing.StandInServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ECR against a stand-in of its API (the documented JSON-RPC shape of GetAuthorizationToken, which
 * re-computes the SigV4 signature and refuses a wrong one) and a registry that wants Basic {@code
 * AWS:<token>}, as ECR does.
 */
class EcrCredentialProviderTest {
  static final SigV4.AwsCredentials AWS =
      new SigV4.AwsCredentials("AKIDEXAMPLE", "aws-s3cret-key-never-printed", "session-1");
  static final String ECR_PASSWORD = "ecr-password-never-printed";
  // ECR tokens last 12 hours. Relative to now: the cache keeps a credential only until 5 minutes
  // before it expires, so a fixed instant turns this test red once that moment has passed.
  static final Instant EXPIRES =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(12));
  static final byte[] MANIFEST =
      ("{\"schemaVersion\":2,\"mediaType\":\""
              + MediaTypes.OCI_MANIFEST
              + "\",\"config\":{\"digest\":\"sha256:"
              + "1".repeat(64)
              + "\",\"size\":1},\"layers\":[]}")
          .getBytes(StandardCharsets.UTF_8);

  static StandInServer ecrApi(String region) {
    return new StandInServer(
        (r, ex) -> {
          if (!r.method().equals("POST")
              || !EcrCredentialProvider.TARGET.equals(r.header("X-Amz-Target"))
              || !"application/x-amz-json-1.1".equals(r.header("Content-Type"))) {
            StandInServer.json(ex, 400, "{\"__type\":\"UnknownOperationException\"}");
            return;
          }
          Instant at =
              DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                  .withZone(ZoneOffset.UTC)
                  .parse(r.header("X-Amz-Date"), Instant::from);
          Map<String, String> signed = new LinkedHashMap<>();
          signed.put("Content-Type", r.header("Content-Type"));
          signed.put("X-Amz-Target", r.header("X-Amz-Target"));
          String expected =
              SigV4.sign(
                      "POST",
                      URI.create("http://" + r.header("Host") + r.path()),
                      signed,
                      r.body().getBytes(StandardCharsets.UTF_8),
                      AWS,
                      region,
                      "ecr",
                      at)
                  .get("Authorization");
          if (!expected.equals(r.header("Authorization"))
              || !AWS.sessionToken().equals(r.header("X-Amz-Security-Token"))) {
            StandInServer.json(
                ex, 403, "{\"__type\":\"InvalidSignatureException\",\"message\":\"bad\"}");
            return;
          }
          String token =
              Base64.getEncoder()
                  .encodeToString(("AWS:" + ECR_PASSWORD).getBytes(StandardCharsets.UTF_8));
          StandInServer.json(
              ex,
              200,
              "{\"authorizationData\":[{\"authorizationToken\":\""
                  + token
                  + "\",\"expiresAt\":"
                  + EXPIRES.getEpochSecond()
                  + ".25,\"proxyEndpoint\":\"https://123456789012.dkr.ecr."
                  + region
                  + ".amazonaws.com\"}]}");
        });
  }

  private static EcrCredentialProvider provider(StandInServer api, SigV4.AwsCredentials creds) {
    return new EcrCredentialProvider(
        "eu-west-1",
        URI.create(api.url() + "/"),
        () -> creds,
        new TokenHttp(Duration.ofSeconds(5)),
        Clock.systemUTC());
  }

  @Test
  void getAuthorizationTokenIsSignedAndDecoded() throws IOException {
    try (StandInServer api = ecrApi("eu-west-1")) {
      Credential c = provider(api, AWS).credentials("127.0.0.1:1").orElseThrow();

      assertThat(c.username()).isEqualTo("AWS");
      assertThat(c.secret()).isEqualTo(ECR_PASSWORD);
      assertThat(c.expiresAt()).isEqualTo(EXPIRES.plusMillis(250));
      assertThat(api.requests.get(0).body()).isEqualTo("{}");
    }
  }

  @Test
  void wrongKeyIsRefusedWithoutLeakingIt() {
    try (StandInServer api = ecrApi("eu-west-1")) {
      SigV4.AwsCredentials wrong =
          new SigV4.AwsCredentials("AKIDEXAMPLE", "wrong-s3cret-value", "session-1");
      assertThatThrownBy(() -> provider(api, wrong).credentials("127.0.0.1:1"))
          .isInstanceOf(AnalysisException.class)
          .hasMessageContaining("HTTP 403 (InvalidSignatureException)")
          .hasMessageNotContaining("wrong-s3cret-value");
    }
  }

  @Test
  void registryPullUsesTheExchangedBasicCredentialOncePerValidity() throws IOException {
    String expected = Credential.basic("AWS", ECR_PASSWORD).basicHeader();
    try (StandInServer api = ecrApi("eu-west-1");
        StandInServer registry =
            new StandInServer(
                (r, ex) -> {
                  if (!expected.equals(r.header("Authorization"))) {
                    ex.getResponseHeaders()
                        .add(
                            "WWW-Authenticate",
                            "Basic realm=\"https://ecr.stand-in\",service=\"ecr.amazonaws.com\"");
                    StandInServer.json(ex, 401, "{}");
                    return;
                  }
                  StandInServer.send(ex, 200, MediaTypes.OCI_MANIFEST, MANIFEST);
                })) {
      RegistryClient client =
          new RegistryClient(
              List.of(new RegistrySettings(registry.host(), true, provider(api, AWS), 4)),
              Duration.ofSeconds(5),
              CredentialProvider.NONE,
              4,
              RetryPolicy.DEFAULT);
      for (String repo : List.of("a", "b", "a")) {
        assertThat(
                client.manifest(ImageReference.parse(registry.host() + "/" + repo + ":1")).bytes())
            .isEqualTo(MANIFEST);
      }
      assertThat(api.requests).hasSize(1);
    }
  }

  @Test
  void regionComesFromTheRegistryHost() {
    assertThat(EcrCredentialProvider.regionOf("123456789012.dkr.ecr.eu-central-1.amazonaws.com"))
        .isEqualTo("eu-central-1");
    assertThat(EcrCredentialProvider.regionOf("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com"))
        .isEqualTo("us-east-1");
    assertThatThrownBy(() -> EcrCredentialProvider.regionOf("ghcr.io"))
        .hasMessageContaining("ecr-region");
  }

  @Test
  void missingAwsCredentialsAreAClearError() {
    assertThatThrownBy(() -> EcrCredentialProvider.fromEnvironment(Map.of()).get())
        .hasMessageContaining("AWS_ACCESS_KEY_ID");
  }
}
