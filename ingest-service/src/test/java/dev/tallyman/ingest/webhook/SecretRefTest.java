package dev.tallyman.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRefTest {
  @TempDir Path dir;

  @Test
  void fileSecretIsReReadWhenTheFileChanges() throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, "first-secret\n");
    SecretRef ref = SecretRef.of("inline-ignored", file.toString());

    assertThat(ref.current().matches("first-secret")).isTrue();
    assertThat(ref.current().matches("inline-ignored")).isFalse();

    Files.writeString(file, "second-secret\n");
    // a rotation that keeps the length still shows in the modification time
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(ref.current().matches("second-secret")).isTrue();
    assertThat(ref.current().matches("first-secret")).isFalse();
    assertThat(ref.value()).isEqualTo("second-secret");
  }

  @Test
  void unreadableEmptyOrHugeFilesAreUnavailableNotEmptySecrets() throws Exception {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> SecretRef.of(null, missing.toString()).current())
        .isInstanceOf(SecretRef.SecretUnavailable.class)
        .hasMessageContaining("cannot read secret file");

    Path empty = Files.writeString(dir.resolve("empty"), "  \n");
    assertThatThrownBy(() -> SecretRef.of(null, empty.toString()).current())
        .isInstanceOf(SecretRef.SecretUnavailable.class)
        .hasMessageContaining("empty");

    Path huge = Files.write(dir.resolve("huge"), new byte[70 * 1024]);
    assertThatThrownBy(() -> SecretRef.of(null, huge.toString()).current())
        .isInstanceOf(SecretRef.SecretUnavailable.class)
        .hasMessageContaining("64 KiB");
  }

  @Test
  void inlineSecretAndNothingConfigured() {
    assertThat(SecretRef.of("abc", "").current().matches("abc")).isTrue();
    assertThat(SecretRef.of(" ", null)).isNull();
    assertThat(SecretRef.of(null, "  ")).isNull();
  }

  @Test
  void toStringNeverShowsTheSecret() throws Exception {
    Path file = Files.writeString(dir.resolve("s"), "very-secret");
    assertThat(SecretRef.of("very-secret", null).toString()).doesNotContain("very-secret");
    SecretRef fromFile = SecretRef.of(null, file.toString());
    fromFile.current();
    assertThat(fromFile.toString()).doesNotContain("very-secret").contains(file.toString());
  }
}
