package dev.tallyman.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
  @TempDir Path dir;

  @Test
  void passwordFileIsReadAtEachResolve() throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "one\n");
    Credentials c = new Credentials("u", file, null);
    assertThat(c.resolve(k -> null)).contains(new Credentials.Basic("u", "one"));
    Files.writeString(file, "two");
    assertThat(c.resolve(k -> null)).contains(new Credentials.Basic("u", "two"));
  }

  @Test
  void passwordFromNamedEnvironmentVariable() {
    Credentials c = new Credentials("u", null, "REG_PW");
    assertThat(c.resolve(Map.of("REG_PW", "s3cret")::get).orElseThrow().password())
        .isEqualTo("s3cret");
    assertThatThrownBy(() -> c.resolve(k -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("REG_PW");
  }

  @Test
  void anonymousHasNoCredentialsAndToStringHidesThePassword() {
    assertThat(Credentials.ANONYMOUS.resolve(k -> "x")).isEmpty();
    assertThat(new Credentials.Basic("u", "s3cret").toString()).doesNotContain("s3cret");
  }

  @Test
  void missingFileIsAClearError() {
    Credentials c = new Credentials("u", dir.resolve("absent"), null);
    assertThatThrownBy(() -> c.resolve(k -> null)).hasMessageContaining("absent");
  }
}
