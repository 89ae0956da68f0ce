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
}
