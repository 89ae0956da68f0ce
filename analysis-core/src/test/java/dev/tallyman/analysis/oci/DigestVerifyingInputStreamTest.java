package dev.tallyman.analysis.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.DigestMismatchException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestVerifyingInputStreamTest {
  private final byte[] data = "hello layer".getBytes(StandardCharsets.UTF_8);

  @Test
  void passesMatchingContent() throws IOException {
    var in =
        new DigestVerifyingInputStream(
            new ByteArrayInputStream(data), Digests.sha256(data), data.length);
    assertThat(in.readAllBytes()).isEqualTo(data);
  }

  @Test
  void throwsAtEndOfStreamOnMismatch() {
    String other = Digests.sha256("tampered".getBytes(StandardCharsets.UTF_8));
    var in = new DigestVerifyingInputStream(new ByteArrayInputStream(data), other, -1);
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining(Digests.sha256(data));
  }

  @Test
  void sizeLongerThanDeclaredFailsEarly() {
    var in =
        new DigestVerifyingInputStream(new ByteArrayInputStream(data), Digests.sha256(data), 3);
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("declared size 3");
  }

  @Test
  void skippedBytesAreHashed() throws IOException {
    var in =
        new DigestVerifyingInputStream(
            new ByteArrayInputStream(data), Digests.sha256(data), data.length);
    assertThat(in.skip(5)).isEqualTo(5);
    in.drainAndVerify();
  }
}
