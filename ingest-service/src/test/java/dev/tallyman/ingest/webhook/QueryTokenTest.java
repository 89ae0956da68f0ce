package dev.tallyman.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryTokenTest {
  private final QueryToken auth = new QueryToken(new SharedSecret("q-secret"));

  @Test
  void tokenParameterMustEqualTheSecret() {
    assertThat(auth.refusal(withToken("q-secret"))).isEmpty();
    assertThat(auth.refusal(withToken("q-secreT"))).contains("wrong webhook token");
    assertThat(auth.refusal(withToken(""))).contains("missing ?token= query parameter");
    assertThat(auth.refusal(withToken(null))).contains("missing ?token= query parameter");
  }

  @Test
  void blankSecretIsNotASecret() {
    assertThat(SharedSecret.orNull("  ")).isNull();
    assertThat(SharedSecret.orNull(null)).isNull();
    assertThatThrownBy(() -> new SharedSecret("")).isInstanceOf(IllegalArgumentException.class);
  }

  private static Delivery withToken(String token) {
    Map<String, String> query = token == null ? Map.of() : Map.of("token", token);
    return new Delivery(name -> null, query::get, new byte[0], null);
  }
}
