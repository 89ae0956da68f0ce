package dev.tallyman.analysis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class LocalBlobTest {
  record Step(boolean skipping, int len) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Integer> lengths =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 600),
            Arbitraries.integers().between(60_000, 200_000));
    return Combinators.combine(Arbitraries.of(true, false), lengths)
        .as(Step::new)
        .list()
        .ofMaxSize(40);
  }

  private static byte[] content(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 7 + i / 251);
    }
    return b;
  }

  /**
   * Whatever mix of reads and skipping reads: a read yields exactly the blob's next bytes, a
   * skipping read moves as far as a read would and leaves the array alone.
   */
  @Property(tries = 100)
  void readsYieldTheBlobAndSkippingReadsOnlyMove(
      @ForAll("steps") List<Step> steps, @ForAll @IntRange(min = 0, max = 300_000) int size)
      throws IOException {
    byte[] blob = content(size);
    Path file = Files.createTempFile("local-blob-test", ".bin"); // jqwik: no @TempDir
    try {
      byte[] padded = new byte[size + 1000];
      System.arraycopy(blob, 0, padded, 500, size);
      Files.write(file, padded);
      try (LocalBlob local = LocalBlob.open(file, 500, size, false)) {
        LocalBlob.Stream in = local.stream();
        int pos = 0;
        for (Step step : steps) {
          in.skipping(step.skipping());
          byte[] got = new byte[step.len()];
          Arrays.fill(got, (byte) 0x5a);
          int n = in.read(got, 0, got.length);
          if (pos == size) {
            assertThat(n).isEqualTo(-1);
            continue;
          }
          assertThat(n).isPositive().isLessThanOrEqualTo(Math.min(step.len(), size - pos));
          if (step.skipping()) {
            byte[] untouched = new byte[step.len()];
            Arrays.fill(untouched, (byte) 0x5a);
            assertThat(got).isEqualTo(untouched);
          } else {
            assertThat(Arrays.copyOf(got, n)).isEqualTo(Arrays.copyOfRange(blob, pos, pos + n));
          }
          pos += n;
        }
        in.skipping(false);
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(blob, pos, size));
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Property(tries = 5)
  void aFileShorterThanTheBlobIsRefusedOrEndsInAnEof(@ForAll @IntRange(min = 1, max = 5) int x)
      throws IOException {
    Path file = Files.createTempFile("local-blob-test", ".bin");
    try {
      Files.write(file, content(1000));
      assertThatThrownBy(() -> LocalBlob.open(file, 10, 1000, false))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("truncated");
      try (LocalBlob blob = LocalBlob.open(file, 0, 1000, false)) {
        Files.write(file, content(100 * x)); // shrinks under the open channel
        assertThatThrownBy(() -> blob.stream().readAllBytes()).isInstanceOf(EOFException.class);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
