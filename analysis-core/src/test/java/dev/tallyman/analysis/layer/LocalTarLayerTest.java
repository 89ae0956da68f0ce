package dev.tallyman.analysis.layer;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.DigestMismatchException;
import dev.tallyman.analysis.io.LocalBlob;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.testing.TestArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTarLayerTest {
  @TempDir Path dir;

  private static final byte[] TAR =
      TestArchives.tar(file("etc/os-release", "ID=debian\n"), file("data.bin", new byte[5000]));
  private static final String DIGEST = Digests.sha256(TAR);

  private LocalBlob blob(byte[] bytes) throws IOException {
    Path p = Files.createTempFile(dir, "blob", ".bin");
    Files.write(p, bytes);
    return LocalBlob.open(p, 0, bytes.length, false);
  }

  private static Descriptor descriptor(String digest, long size) {
    return Descriptor.of(MediaTypes.OCI_LAYER, digest, size);
  }

  @Test
  void aPlainTarIsScannedAndVerifiedApart() throws IOException {
    try (LocalTarLayer layer =
        LocalTarLayer.of(blob(TAR), descriptor(DIGEST, TAR.length), DIGEST, LayerLimits.DEFAULT)) {
      assertThat(layer).isNotNull();
      layer.verify();
      List<String> names = new ArrayList<>();
      try (LayerArchive archive = layer.archive()) {
        archive.forEach((entry, content) -> names.add(entry.name()));
      }
      assertThat(names).containsExactly("etc/os-release", "data.bin");
    }
  }

  @Test
  void aChangedByteFailsVerificationEvenWhereNothingReadsIt() throws IOException {
    byte[] tampered = TAR.clone();
    tampered[TAR.length / 2] ^= 1; // inside data.bin, which no scan reads
    try (LocalTarLayer layer =
        LocalTarLayer.of(
            blob(tampered), descriptor(DIGEST, TAR.length), DIGEST, LayerLimits.DEFAULT)) {
      assertThatThrownBy(layer::verify)
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("expected " + DIGEST);
    }
    String otherDiffId = "sha256:" + "0".repeat(64);
    try (LocalTarLayer layer =
        LocalTarLayer.of(
            blob(TAR), descriptor(DIGEST, TAR.length), otherDiffId, LayerLimits.DEFAULT)) {
      assertThatThrownBy(layer::verify)
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("expected " + otherDiffId);
    }
  }

  @Test
  void compressedMisSizedOrOversizedBlobsAreLeftToStreamingAndClosed() throws IOException {
    byte[] gzip = TestArchives.gzip(TAR);
    LocalBlob gz = blob(gzip);
    assertThat(
            LocalTarLayer.of(
                gz, descriptor(Digests.sha256(gzip), gzip.length), DIGEST, LayerLimits.DEFAULT))
        .isNull();
    assertThatThrownBy(() -> gz.stream().read()).isInstanceOf(IOException.class); // closed

    assertThat(
            LocalTarLayer.of(
                blob(TAR), descriptor(DIGEST, TAR.length + 1), DIGEST, LayerLimits.DEFAULT))
        .isNull();
    LayerLimits small = new LayerLimits(100, TAR.length - 1, 1024);
    assertThat(LocalTarLayer.of(blob(TAR), descriptor(DIGEST, TAR.length), DIGEST, small)).isNull();
  }

  @Test
  void aTruncatedTarIsUnreadableWhenScannedByPosition() throws IOException {
    byte[] cut = java.util.Arrays.copyOf(TAR, 1000); // inside data.bin
    String digest = Digests.sha256(cut);
    try (LocalTarLayer layer =
        LocalTarLayer.of(blob(cut), descriptor(digest, cut.length), digest, LayerLimits.DEFAULT)) {
      assertThatThrownBy(
              () -> {
                try (LayerArchive archive = layer.archive()) {
                  archive.forEach((entry, content) -> {});
                }
              })
          .isInstanceOf(AnalysisException.class)
          .hasMessageContaining("not a readable tar archive");
    }
  }
}
