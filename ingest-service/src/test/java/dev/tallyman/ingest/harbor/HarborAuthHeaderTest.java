package dev.tallyman.ingest.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.SharedSecret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HarborAuthHeaderTest {
  private final HarborAuthHeader auth = new HarborAuthHeader(new SharedSecret("s3cret value"));

  @Test
  void theVerbatimHeaderValueMustEqualTheSecret() {
    assertThat(auth.refusal(withAuthorization("s3cret value"))).isEmpty();
    assertThat(auth.refusal(withAuthorization("Bearer s3cret value")))
        .contains("wrong webhook secret");
    assertThat(auth.refusal(withAuthorization("s3cret valu"))).contains("wrong webhook secret");
    assertThat(auth.refusal(withAuthorization(null))).contains("missing Authorization header");
  }

  private static Delivery withAuthorization(String value) {
    Map<String, String> headers = value == null ? Map.of() : Map.of("Authorization", value);
    return new Delivery(headers::get, name -> null, new byte[0], null);
  }
}
