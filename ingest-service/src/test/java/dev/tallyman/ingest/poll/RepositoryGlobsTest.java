package dev.tallyman.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryGlobsTest {
  @Test
  void noIncludeMeansEverything() {
    RepositoryGlobs globs = new RepositoryGlobs(List.of(), List.of());
    assertThat(globs.accepts("a/b/c")).isTrue();
  }

  @Test
  void singleStarStaysWithinOneComponent() {
    RepositoryGlobs globs = new RepositoryGlobs(List.of("team-a/*"), List.of());
    assertThat(globs.accepts("team-a/api")).isTrue();
    assertThat(globs.accepts("team-a/api/cache")).isFalse();
    assertThat(globs.accepts("team-b/api")).isFalse();
  }

  @Test
  void doubleStarCrossesComponents() {
    RepositoryGlobs globs = new RepositoryGlobs(List.of("team-a/**"), List.of());
    assertThat(globs.accepts("team-a/api/cache")).isTrue();
  }

  @Test
  void excludeWinsOverInclude() {
    RepositoryGlobs globs = new RepositoryGlobs(List.of("**"), List.of("**/cache", "tmp?"));
    assertThat(globs.accepts("team-a/api")).isTrue();
    assertThat(globs.accepts("team-a/cache")).isFalse();
    assertThat(globs.accepts("tmp1")).isFalse();
    assertThat(globs.accepts("tmp12")).isTrue();
  }

  @Test
  void regexCharactersAreLiteral() {
    RepositoryGlobs globs = new RepositoryGlobs(List.of("a.b"), List.of());
    assertThat(globs.accepts("a.b")).isTrue();
    assertThat(globs.accepts("axb")).isFalse();
  }

  @Test
  void emptyGlobIsAConfigurationError() {
    assertThatThrownBy(() -> new RepositoryGlobs(List.of(" "), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
