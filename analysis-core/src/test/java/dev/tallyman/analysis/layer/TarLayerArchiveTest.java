package dev.tallyman.analysis.layer;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.DigestMismatchException;
import dev.tallyman.analysis.LimitExceededException;
import dev.tallyman.analysis.oci.DigestVerifyingInputStream;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.testing.TestArchives;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TarLayerArchiveTest {
  private static List<String> names(TarLayerArchive archive) throws IOException {
    List<String> names = new ArrayList<>();
    archive.forEach(
        (e, in) ->
            names.add(e.name() + "=" + new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    return names;
  }

  @Test
  void readsGzipByMagicBytesWhateverTheMediaType() throws IOException {
    byte[] tar = TestArchives.tar(file("a", "1"), file("b", "2"));
    byte[] gz = TestArchives.gzip(tar);
    var archive =
        new TarLayerArchive(
            new DigestVerifyingInputStream(
                new ByteArrayInputStream(gz), Digests.sha256(gz), gz.length),
            Digests.sha256(tar),
            "l",
            LayerLimits.DEFAULT);

    assertThat(names(archive)).containsExactly("a=1", "b=2");
  }

  @Test
  void readsUncompressedTar() throws IOException {
    byte[] tar = TestArchives.tar(file("a", "1"));
    assertThat(
            names(
                new TarLayerArchive(
                    new ByteArrayInputStream(tar), Digests.sha256(tar), "l", LayerLimits.DEFAULT)))
        .containsExactly("a=1");
  }

  @Test
  void compressedDigestMismatchIsDetectedEvenWhenEntriesAreSkipped() {
    byte[] gz = TestArchives.gzip(TestArchives.tar(file("a", "1")));
    String wrong = Digests.sha256("something else".getBytes(StandardCharsets.UTF_8));
    var archive =
        new TarLayerArchive(
            new DigestVerifyingInputStream(new ByteArrayInputStream(gz), wrong, gz.length),
            null,
            "l",
            LayerLimits.DEFAULT);

    assertThatThrownBy(() -> archive.forEach((e, in) -> {}))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining(wrong);
  }

  @Test
  void diffIdMismatchIsDetected() {
    byte[] tar = TestArchives.tar(file("a", "1"));
    byte[] other = TestArchives.tar(file("a", "2"));
    var archive =
        new TarLayerArchive(
            new ByteArrayInputStream(tar), Digests.sha256(other), "l", LayerLimits.DEFAULT);

    assertThatThrownBy(() -> names(archive)).isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void gzipBombHitsTheUncompressedLimit() {
    // 64 MiB of zeros compresses to ~64 KiB; the limit is 1 MiB.
    byte[] zeros = new byte[64 * 1024 * 1024];
    byte[] tar = TestArchives.tar(file("bomb", zeros));
    byte[] gz = TestArchives.gzip(tar);
    assertThat(gz.length).isLessThan(1024 * 1024);
    var archive =
        new TarLayerArchive(
            new ByteArrayInputStream(gz),
            null,
            "bomb-layer",
            new LayerLimits(1000, 1024 * 1024, 1024));

    assertThatThrownBy(() -> archive.forEach((e, in) -> {}))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("bomb-layer")
        .hasMessageContaining("1048576");
  }

  @Test
  void entryCountLimit() {
    var entries = new TestArchives.Entry[20];
    Arrays.setAll(entries, i -> file("f" + i, "x"));
    byte[] tar = TestArchives.tar(entries);
    var archive =
        new TarLayerArchive(
            new ByteArrayInputStream(tar), null, "many", new LayerLimits(10, 1 << 30, 1024));

    assertThatThrownBy(() -> archive.forEach((e, in) -> {}))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("more than 10 entries");
  }

  @Test
  void garbageIsAClearAnalysisError() {
    byte[] gz =
        TestArchives.gzip(
            "this is not a tar archive at all".repeat(40).getBytes(StandardCharsets.UTF_8));
    var archive =
        new TarLayerArchive(new ByteArrayInputStream(gz), null, "junk", LayerLimits.DEFAULT);

    assertThatThrownBy(() -> archive.forEach((e, in) -> {}))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("junk");
  }

  @Test
  void readsZstdByMagicBytesAndVerifiesBothDigests() throws IOException {
    byte[] tar = TestArchives.tar(file("etc/alpine-release", "3.18.4\n"), file("b", "2"));
    byte[] zst = TestArchives.zstd(tar);
    assertThat(zst).startsWith(0x28, 0xb5, 0x2f, 0xfd);
    var archive =
        new TarLayerArchive(
            new DigestVerifyingInputStream(
                new ByteArrayInputStream(zst), Digests.sha256(zst), zst.length),
            Digests.sha256(tar),
            "l",
            LayerLimits.DEFAULT);

    assertThat(names(archive)).containsExactly("etc/alpine-release=3.18.4\n", "b=2");

    byte[] other = TestArchives.tar(file("b", "3"));
    var wrongDiffId =
        new TarLayerArchive(
            new ByteArrayInputStream(zst), Digests.sha256(other), "l", LayerLimits.DEFAULT);
    assertThatThrownBy(() -> names(wrongDiffId)).isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void readsConcatenatedZstdFrames() throws IOException {
    byte[] tar = TestArchives.tar(file("a", "1"), file("b", "2"));
    int half = tar.length / 2;
    byte[] first = TestArchives.zstd(Arrays.copyOfRange(tar, 0, half));
    byte[] second = TestArchives.zstd(Arrays.copyOfRange(tar, half, tar.length));
    byte[] zst = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, zst, first.length, second.length);

    assertThat(
            names(
                new TarLayerArchive(
                    new ByteArrayInputStream(zst), Digests.sha256(tar), "l", LayerLimits.DEFAULT)))
        .containsExactly("a=1", "b=2");
  }

  @Test
  void zstdBombHitsTheUncompressedLimit() {
    byte[] tar = TestArchives.tar(file("bomb", new byte[64 * 1024 * 1024]));
    byte[] zst = TestArchives.zstd(tar);
    assertThat(zst.length).isLessThan(64 * 1024);
    var archive =
        new TarLayerArchive(
            new ByteArrayInputStream(zst),
            null,
            "zstd-bomb",
            new LayerLimits(1000, 1024 * 1024, 1024));

    assertThatThrownBy(() -> archive.forEach((e, in) -> {}))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("zstd-bomb")
        .hasMessageContaining("1048576");
  }

  @Test
  void truncatedZstdIsAClearAnalysisError() {
    byte[] zst = TestArchives.zstd(TestArchives.tar(file("a", "x".repeat(10_000))));
    byte[] truncated = Arrays.copyOf(zst, zst.length / 2);
    var archive =
        new TarLayerArchive(
            new ByteArrayInputStream(truncated), null, "bad-zstd", LayerLimits.DEFAULT);

    assertThatThrownBy(() -> archive.forEach((e, in) -> in.readAllBytes()))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("bad-zstd");
  }

  @Test
  void corruptedZstdPayloadIsCaughtByTheDiffId() {
    // Without a frame checksum zstd may decode flipped bits into other bytes; the diff id catches
    // it.
    byte[] tar = TestArchives.tar(file("a", "x".repeat(10_000)));
    byte[] flipped = TestArchives.zstd(tar);
    flipped[flipped.length / 2] ^= 0x5a;
    var archive =
        new TarLayerArchive(
            new ByteArrayInputStream(flipped),
            Digests.sha256(tar),
            "bad-zstd",
            LayerLimits.DEFAULT);

    assertThatThrownBy(() -> archive.forEach((e, in) -> in.readAllBytes()))
        .isInstanceOf(AnalysisException.class);
  }

  /** A hand-made zstd frame: no content size, the given window, one raw (stored) block. */
  private static byte[] rawZstdFrame(byte[] content, int windowLog) {
    var b =
        java.nio.ByteBuffer.allocate(9 + content.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xFD2FB528); // magic
    b.put((byte) 0); // frame header descriptor: no content size, not single-segment
    b.put((byte) ((windowLog - 10) << 3)); // window descriptor: exponent only
    int blockHeader = 1 | (content.length << 3); // last block, raw, size
    b.put((byte) blockHeader).put((byte) (blockHeader >> 8)).put((byte) (blockHeader >> 16));
    b.put(content);
    return b.array();
  }

  @Test
  void zstdFrameAskingForAHugeWindowIsRefused() throws IOException {
    byte[] tar = TestArchives.tar(file("a", "1"));
    // The same frame with a 2 MiB window is fine, which shows the frame itself is well formed.
    assertThat(
            names(
                new TarLayerArchive(
                    new ByteArrayInputStream(rawZstdFrame(tar, 21)),
                    Digests.sha256(tar),
                    "l",
                    LayerLimits.DEFAULT)))
        .containsExactly("a=1");
    // A 1 GiB window (2^30) would make the native decoder allocate that much; the cap is 2^27.
    var archive =
        new TarLayerArchive(
            new ByteArrayInputStream(rawZstdFrame(tar, 30)), null, "wide", LayerLimits.DEFAULT);

    assertThatThrownBy(() -> archive.forEach((e, in) -> {}))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("wide");
  }
}
