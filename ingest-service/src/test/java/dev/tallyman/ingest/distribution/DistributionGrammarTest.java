package dev.tallyman.ingest.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistributionGrammarTest {
  @ParameterizedTest
  @ValueSource(strings = {"hello", "feas/hello", "a/b/c", "my-app", "my__app", "a.b_c--d/e9"})
  void acceptsRepositoryNamesOfTheSpec(String name) {
    assertThat(DistributionGrammar.isRepository(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Hello", "a/", "-a", "a_", "a___b", "a/../b", "a:b", "a b"})
  void refusesOtherRepositoryNames(String name) {
    assertThat(DistributionGrammar.isRepository(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "latest", "1.2.3-rc_1", "_x"})
  void acceptsTags(String tag) {
    assertThat(DistributionGrammar.isTag(tag)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".v1", "-v1", "a/b", "v1 "})
  void refusesBadTags(String tag) {
    assertThat(DistributionGrammar.isTag(tag)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:15000", "registry.example", "vm:5000", "[::1]:5000"})
  void acceptsRegistryHosts(String host) {
    assertThat(DistributionGrammar.isRegistryHost(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "user@host", "host:port", "-host", "host:123456"})
  void refusesNonHosts(String host) {
    assertThat(DistributionGrammar.isRegistryHost(host)).isFalse();
  }
}
