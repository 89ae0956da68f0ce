package dev.tallyman.analysis.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.io.FileRangeInputStream;
import dev.tallyman.analysis.io.LocalBlob;
import dev.tallyman.analysis.io.PositionalBytes;
import dev.tallyman.analysis.testing.TestArchives;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An uncompressed layer lying in a local file offers each regular file's bytes by position too:
 * whatever the names (long ones take PAX or GNU extra records) and sizes (padding to 512), those
 * bytes are exactly the ones the stream yields. Anything else offers none.
 */
class TarLayerArchivePositionalTest {
  private static final LayerLimits LIMITS = LayerLimits.DEFAULT;

  record Item(String name, byte[] content, boolean directory) {}

  @Provide
  Arbitrary<List<Item>> items() {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withChars("abcxyz/._-")
            .ofMinLength(1)
            .ofMaxLength(240)
            .filter(n -> !n.startsWith("/") && !n.contains("//") && !n.endsWith("/"));
    Arbitrary<byte[]> contents =
        Arbitraries.integers()
            .between(0, 3000)
            .edgeCases(c -> c.add(511).add(512).add(513).add(1024))
            .map(
                n -> {
                  byte[] b = new byte[n];
                  for (int i = 0; i < n; i++) {
                    b[i] = (byte) (i * 13 + n);
                  }
                  return b;
                });
    return Combinators.combine(names, contents, Arbitraries.of(false, false, false, true))
        .as(Item::new)
        .list()
        .ofMaxSize(15)
        .uniqueElements(Item::name);
  }

  private static byte[] tar(List<Item> items, int longFileMode) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(longFileMode);
      for (Item item : items) {
        TarArchiveEntry e =
            item.directory()
                ? new TarArchiveEntry(item.name() + "/", TarConstants.LF_DIR)
                : new TarArchiveEntry(item.name());
        e.setSize(item.directory() ? 0 : item.content().length);
        tar.putArchiveEntry(e);
        if (!item.directory()) {
          tar.write(item.content());
        }
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** What each file's stream yielded, and its bytes read by position (null when none offered). */
  private static Map<String, byte[][]> read(byte[] blob, int offsetInFile, boolean local)
      throws IOException {
    return read(blob, offsetInFile, local, false);
  }

  private static Map<String, byte[][]> read(
      byte[] blob, int offsetInFile, boolean local, boolean unverified) throws IOException {
    Path file = Files.createTempFile("tar-layer-positional", ".bin"); // jqwik: no @TempDir
    try {
      byte[] padded = new byte[offsetInFile + blob.length + 100];
      System.arraycopy(blob, 0, padded, offsetInFile, blob.length);
      Files.write(file, padded);
      Map<String, byte[][]> out = new LinkedHashMap<>();
      LocalBlob at = local ? LocalBlob.open(file, offsetInFile, blob.length, false) : null;
      try (at;
          TarLayerArchive archive =
              unverified
                  ? TarLayerArchive.unverified(at, "l", LIMITS)
                  : new TarLayerArchive(
                      new FileRangeInputStream(file, offsetInFile, blob.length),
                      null,
                      "l",
                      LIMITS,
                      at)) {
        archive.forEach(
            (entry, content) -> {
              var positional = PositionalBytes.of(content);
              byte[] byPosition =
                  positional.isEmpty()
                      ? null
                      : positional.get().stream(0, positional.get().length()).readAllBytes();
              out.put(entry.name(), new byte[][] {content.readAllBytes(), byPosition});
            });
      }
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Property(tries = 150)
  void filesOfAnUncompressedLocalLayerReadTheSameByPosition(
      @ForAll("items") List<Item> items,
      @ForAll boolean gnuLongNames,
      @ForAll @IntRange(min = 0, max = 5000) int offsetInFile)
      throws IOException {
    byte[] tar =
        tar(
            items,
            gnuLongNames
                ? TarArchiveOutputStream.LONGFILE_GNU
                : TarArchiveOutputStream.LONGFILE_POSIX);

    Map<String, byte[][]> read = read(tar, offsetInFile, true);
    // Unhashed, by position only: entries nobody reads are passed without reading them.
    Map<String, byte[][]> unverified = read(tar, offsetInFile, true, true);

    assertThat(unverified.keySet()).containsExactlyElementsOf(read.keySet());
    for (var e : read.entrySet()) {
      assertThat(unverified.get(e.getKey())[0]).isEqualTo(e.getValue()[0]);
      assertThat(unverified.get(e.getKey())[1]).isEqualTo(e.getValue()[1]);
    }
    assertThat(read).hasSize(items.size());
    for (Item item : items) {
      byte[][] got = read.get(item.name() + (item.directory() ? "/" : ""));
      assertThat(got).as(item.name()).isNotNull();
      if (item.directory()) {
        assertThat(got[1]).as("a directory offers no bytes").isNull();
      } else {
        assertThat(got[0]).isEqualTo(item.content());
        assertThat(got[1]).as("by position: " + item.name()).isEqualTo(item.content());
      }
    }
  }

  @Property(tries = 30)
  void compressedOrUnlocatedLayersOfferNoPositions(@ForAll("items") List<Item> items)
      throws IOException {
    byte[] tar = tar(items, TarArchiveOutputStream.LONGFILE_POSIX);
    List<Map<String, byte[][]>> reads = new ArrayList<>();
    reads.add(read(TestArchives.gzip(tar), 7, true)); // the file holds the gzip, not the tar
    reads.add(read(TestArchives.zstd(tar), 7, true));
    reads.add(read(tar, 7, false));
    for (Map<String, byte[][]> read : reads) {
      assertThat(read).hasSize(items.size());
      assertThat(read.values()).allSatisfy(got -> assertThat(got[1]).isNull());
    }
  }
}
