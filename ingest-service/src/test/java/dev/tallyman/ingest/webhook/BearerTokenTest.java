package dev.tallyman.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BearerTokenTest {
  private final BearerToken token = new BearerToken("s3cret-token");

  @Test
  void acceptsTheConfiguredTokenWithAnyCaseOfTheScheme() {
    assertThat(token.check("Bearer s3cret-token")).isEqualTo(BearerToken.Check.OK);
    assertThat(token.check("bearer s3cret-token")).isEqualTo(BearerToken.Check.OK);
  }

  @Test
  void refusesOtherTokensIncludingPrefixesAndExtensions() {
    assertThat(token.check("Bearer s3cret")).isEqualTo(BearerToken.Check.WRONG);
    assertThat(token.check("Bearer s3cret-token2")).isEqualTo(BearerToken.Check.WRONG);
    assertThat(token.check("Bearer S3CRET-TOKEN")).isEqualTo(BearerToken.Check.WRONG);
  }

  @Test
  void explainsMissingAndNonBearerHeaders() {
    assertThat(token.check(null)).isEqualTo(BearerToken.Check.MISSING);
    assertThat(token.check("  ")).isEqualTo(BearerToken.Check.MISSING);
    assertThat(token.check("Basic dXNlcjpwYXNz")).isEqualTo(BearerToken.Check.NOT_BEARER);
    assertThat(token.check("Bearer")).isEqualTo(BearerToken.Check.NOT_BEARER);
    assertThat(BearerToken.Check.WRONG.reason()).doesNotContain("s3cret");
  }

  @Test
  void blankTokenCannotBeConfigured() {
    assertThatThrownBy(() -> new BearerToken(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
