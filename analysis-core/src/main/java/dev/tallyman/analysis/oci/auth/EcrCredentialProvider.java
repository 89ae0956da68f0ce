package dev.tallyman.analysis.oci.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.analysis.AnalysisException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon ECR: {@code GetAuthorizationToken} (a SigV4-signed JSON-RPC POST) returns base64 {@code
 * AWS:<password>}, valid 12 hours, which the registry accepts as HTTP Basic. The region comes from
 * the registry host ({@code <account>.dkr.ecr.<region>.amazonaws.com}) unless configured; the
 * endpoint is configurable (VPC endpoints, FIPS, tests).
 */
public final class EcrCredentialProvider implements CredentialProvider {
  static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
  private static final Pattern ECR_HOST =
      Pattern.compile("(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

  private final String region;
  private final URI endpoint;
  private final Supplier<SigV4.AwsCredentials> awsCredentials;
  private final TokenHttp http;
  private final Clock clock;

  /**
   * {@code region} null = from the registry host; {@code endpoint} null = the region's public ECR
   * API endpoint.
   */
  public EcrCredentialProvider(
      String region,
      URI endpoint,
      Supplier<SigV4.AwsCredentials> awsCredentials,
      TokenHttp http,
      Clock clock) {
    this.region = region;
    this.endpoint = endpoint;
    this.awsCredentials = awsCredentials;
    this.http = http;
    this.clock = clock;
  }

  /** The standard {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} / session token. */
  public static Supplier<SigV4.AwsCredentials> fromEnvironment(Map<String, String> env) {
    return () -> {
      String id = env.get("AWS_ACCESS_KEY_ID");
      String secret = env.get("AWS_SECRET_ACCESS_KEY");
      if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
        throw new AnalysisException(
            "ECR: no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
      }
      String token = env.get("AWS_SESSION_TOKEN");
      return new SigV4.AwsCredentials(id, secret, token == null || token.isBlank() ? null : token);
    };
  }

  @Override
  public Optional<Credential> credentials(String registry) throws IOException {
    String r = region != null ? region : regionOf(registry);
    URI uri = endpoint != null ? endpoint : URI.create("https://api.ecr." + r + ".amazonaws.com/");
    String account = accountOf(registry);
    byte[] body =
        (account == null ? "{}" : "{\"registryIds\":[\"" + account + "\"]}")
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-amz-json-1.1");
    headers.put("X-Amz-Target", TARGET);
    Map<String, String> auth =
        SigV4.sign("POST", uri, headers, body, awsCredentials.get(), r, "ecr", clock.instant());
    HttpRequest.Builder b = http.request(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    auth.forEach(b::header);
    JsonNode answer = http.json(b.build(), "ECR GetAuthorizationToken");
    JsonNode data = answer.path("authorizationData").path(0);
    String token = TokenHttp.requireText(data, "authorizationToken", "ECR GetAuthorizationToken");
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException("ECR GetAuthorizationToken: token is not base64");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new AnalysisException("ECR GetAuthorizationToken: token is not user:password");
    }
    // expiresAt is epoch seconds (a JSON number, possibly fractional); ECR documents 12 hours.
    Instant expires =
        data.path("expiresAt").isNumber()
            ? Instant.ofEpochMilli((long) (data.path("expiresAt").asDouble() * 1000))
            : clock.instant().plus(Duration.ofHours(12));
    return Optional.of(
        new Credential(decoded.substring(0, colon), decoded.substring(colon + 1), expires));
  }

  static String regionOf(String registry) {
    Matcher m = ECR_HOST.matcher(registry.split(":")[0]);
    if (!m.matches()) {
      throw new AnalysisException(
          "ECR: cannot tell the region of " + registry + " (configure ecr-region)");
    }
    return m.group(2);
  }

  private static String accountOf(String registry) {
    Matcher m = ECR_HOST.matcher(registry.split(":")[0]);
    return m.matches() ? m.group(1) : null;
  }

  @Override
  public String toString() {
    return "ecr(" + (region == null ? "region from host" : region) + ")";
  }
}
