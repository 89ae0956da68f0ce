package dev.tallyman.analysis.oci.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Vectors of AWS's published Signature Version 4 test suite (get-vanilla, post-vanilla,
 * get-vanilla-query-order-key-case; example credentials AKIDEXAMPLE) and of the S3 API reference's
 * "GET Object" example.
 */
class SigV4Test {
  static final SigV4.AwsCredentials SUITE =
      new SigV4.AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
  static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");

  private static String sign(String method, String url) {
    return SigV4.sign(
            method,
            URI.create(url),
            Map.of(),
            new byte[0],
            SUITE,
            "us-east-1",
            "service",
            SUITE_TIME)
        .get("Authorization");
  }

  @Test
  void getVanilla() {
    assertThat(sign("GET", "https://example.amazonaws.com/"))
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void postVanilla() {
    assertThat(sign("POST", "https://example.amazonaws.com/"))
        .endsWith("Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  }

  @Test
  void queryParametersAreSorted() {
    assertThat(sign("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1"))
        .endsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  }

  @Test
  void s3GetObjectExample() {
    byte[] empty = new byte[0];
    Map<String, String> out =
        SigV4.sign(
            "GET",
            URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
            Map.of(
                "Range",
                "bytes=0-9",
                "x-amz-content-sha256",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            empty,
            new SigV4.AwsCredentials(
                "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null),
            "us-east-1",
            "s3",
            Instant.parse("2013-05-24T00:00:00Z"));
    assertThat(out.get("Authorization"))
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    assertThat(out.get("X-Amz-Date")).isEqualTo("20130524T000000Z");
  }

  @Test
  void sessionTokenIsSignedAndSent() {
    Map<String, String> out =
        SigV4.sign(
            "POST",
            URI.create("https://api.ecr.eu-west-1.amazonaws.com/"),
            Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            new SigV4.AwsCredentials("AKID", "s3cr3t-value", "session-token"),
            "eu-west-1",
            "ecr",
            SUITE_TIME);
    assertThat(out).containsEntry("X-Amz-Security-Token", "session-token");
    assertThat(out.get("Authorization"))
        .contains("SignedHeaders=host;x-amz-date;x-amz-security-token");
    assertThat(new SigV4.AwsCredentials("AKID", "secret", null).toString())
        .doesNotContain("secret,");
  }

  @Test
  void uriEncodingFollowsRfc3986() {
    assertThat(SigV4.uriEncode("a b/~c*")).isEqualTo("a%20b%2F~c%2A");
  }
}
