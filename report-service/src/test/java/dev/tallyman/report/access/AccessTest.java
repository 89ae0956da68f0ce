package dev.tallyman.report.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTest {
  @Test
  void grantsCoverARepositoryAndWhatIsBelowItOnly() {
    Grant g = Grant.parse("reg:5000/payments/");
    assertThat(g.covers("reg:5000", "payments")).isTrue();
    assertThat(g.covers("reg:5000", "payments/api")).isTrue();
    assertThat(g.covers("reg:5000", "payments-legacy/app")).isFalse();
    assertThat(g.covers("other:5000", "payments/api")).isFalse();
    assertThat(Grant.parse("*/payments").covers("any", "payments/x")).isTrue();
    assertThat(Grant.parse("reg:5000").covers("reg:5000", "anything")).isTrue();
    assertThat(Grant.parse("*/").everything()).isTrue();
    assertThatThrownBy(() -> Grant.parse("reg/a b")).hasMessageContaining("whitespace");
  }

  @Test
  void tokensAreLookedUpByTheirHash() {
    String token = ApiTokens.newToken();
    assertThat(token).startsWith("tm_").hasSize(46);
    ApiTokens tokens =
        ApiTokens.parse(List.of(ApiTokens.hashHex(token) + " ci viewer reg/a reg/b", ""));
    Principal p = tokens.lookup(token).orElseThrow();
    assertThat(p.subject()).isEqualTo("ci");
    assertThat(p.role()).isEqualTo(Role.VIEWER);
    assertThat(p.grants()).containsExactly(new Grant("reg", "a"), new Grant("reg", "b"));
    assertThat(tokens.lookup(token + "x")).isEmpty();
    assertThatThrownBy(() -> ApiTokens.parse(List.of(token + " ci viewer")))
        .hasMessageContaining("<sha256 hex>");
    assertThatThrownBy(() -> ApiTokens.parse(List.of(ApiTokens.hashHex(token) + " ci root")))
        .hasMessageContaining("unknown role");
  }

  @Test
  void theAuthenticatorSaysWhyItRefuses() {
    String token = ApiTokens.newToken();
    Authenticator on =
        new Authenticator(
            true, ApiTokens.parse(List.of(ApiTokens.hashHex(token) + " ci admin */")), null);
    assertThat(on.authenticate("Bearer " + token).role()).isEqualTo(Role.ADMIN);
    assertThat(on.authenticate("bearer " + token).subject()).isEqualTo("ci");
    assertThatThrownBy(() -> on.authenticate(null)).hasMessageContaining("missing Authorization");
    assertThatThrownBy(() -> on.authenticate("Basic Zm9v")).hasMessageContaining("Bearer scheme");
    assertThatThrownBy(() -> on.authenticate("Bearer a.b.c")).hasMessageContaining("no JWKS set");
    assertThatThrownBy(() -> on.authenticate("Bearer whatever"))
        .hasMessageContaining("neither an API token nor a JWT");
    assertThat(Authenticator.disabled().authenticate(null)).isEqualTo(Principal.UNRESTRICTED);
  }

  @Test
  void pathsNeedRoles() {
    assertThat(Authenticator.required("/health")).isNull();
    assertThat(Authenticator.required("/openapi")).isNull();
    assertThat(Authenticator.required("/v1/findings")).isEqualTo(Role.VIEWER);
    assertThat(Authenticator.required("/v1/images/x/findings.csv")).isEqualTo(Role.VIEWER);
    assertThat(Authenticator.required("/v1/scans/x")).isEqualTo(Role.OPERATOR);
    assertThat(Authenticator.required("/prometheus")).isEqualTo(Role.ADMIN);
    assertThat(Role.ADMIN.includes(Role.VIEWER)).isTrue();
    assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
  }
}
