package dev.tallyman.analysis.layer;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static dev.tallyman.analysis.testing.TestArchives.Entry.hardlink;
import static dev.tallyman.analysis.testing.TestArchives.Entry.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.LimitExceededException;
import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.testing.TempFiles;
import dev.tallyman.analysis.testing.TestArchives;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A corpus of hostile layers, generated here rather than checked in. Each one must end in a result
 * (with notes saying what was skipped and why) or an {@link AnalysisException} that names the
 * layer; never another exception, a file written, or an unbounded read.
 */
class HostileLayerCorpusTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "e".repeat(64), "sha256:" + "f".repeat(64), "", 1, "RUN evil");
  private static final LayerLimits SMALL = new LayerLimits(1000, 4L * 1024 * 1024, 64 * 1024);

  private final Notes notes = new Notes();
  private final List<String> requested = new ArrayList<>();
  private final List<String> read = new ArrayList<>();
  private Set<String> tmpBefore;

  @BeforeEach
  void snapshotTmp() {
    tmpBefore = TempFiles.tallymanEntries();
  }

  @AfterEach
  void nothingWritten() {
    assertThat(TempFiles.tallymanEntries()).isEqualTo(tmpBefore);
  }

  /** Wants every file, up to 1 MiB, and records the paths it was asked about and read. */
  private final LayeredView.FileReader<String> everything =
      new LayeredView.FileReader<>() {
        @Override
        public Optional<FileRequest> request(String path) {
          requested.add(path);
          return Optional.of(new FileRequest(p -> true, 1024 * 1024));
        }

        @Override
        public String read(String path, long size, InputStream content, LayerInfo layer)
            throws IOException {
          read.add(path);
          return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        }
      };

  /** The layer streamed, as registry layers are (overridden to read it from a local file). */
  LayerArchive archive(byte[] blob, LayerLimits limits) throws IOException {
    return new TarLayerArchive(new ByteArrayInputStream(blob), null, "hostile", limits);
  }

  private LayeredView.LayerChanges<String> scan(byte[] blob, LayerLimits limits)
      throws IOException {
    try (var archive = archive(blob, limits)) {
      return LayeredView.scan(LAYER, archive, everything, notes);
    }
  }

  @Test
  void dotDotAndAbsoluteNamesNeverLeaveTheRoot() throws IOException {
    byte[] tar =
        TestArchives.tar(
            file("../../etc/passwd", "root::0:0"),
            file("usr/../../../escape", "x"),
            file("/etc/os-release", "ID=evil"),
            file("./a/./b/../c", "ok"),
            file("..\\..\\windows", "x"));

    var changes = scan(tar, SMALL);

    assertThat(changes.added()).containsOnlyKeys("/etc/os-release", "/a/c");
    assertThat(requested).containsExactly("/etc/os-release", "/a/c");
    assertThat(notes.list())
        .filteredOn(n -> n.contains("ignored entry escaping the root"))
        .hasSize(3)
        .anySatisfy(n -> assertThat(n).endsWith("../../etc/passwd"))
        .anySatisfy(n -> assertThat(n).endsWith("usr/../../../escape"));
  }

  @Test
  void linksAreRecordedButNeverFollowedOrRead() throws IOException {
    byte[] tar =
        TestArchives.tar(
            symlink("a", "../../../../etc"),
            symlink("b", "a/shadow"),
            symlink("c", "b"),
            symlink("loop1", "loop2"),
            symlink("loop2", "loop1"),
            hardlink("h-out", "../../etc/shadow"),
            hardlink("h-missing", "no/such/file"),
            hardlink("h-abs", "/etc/shadow"),
            file("a/inside", "fine"));

    var changes = scan(tar, SMALL);

    // Links replace lower-layer paths but no link target is ever resolved or read.
    assertThat(changes.replaced())
        .contains("/a", "/b", "/c", "/loop1", "/loop2", "/h-out", "/h-missing", "/h-abs");
    assertThat(read).containsExactly("/a/inside");
    assertThat(changes.added()).containsOnlyKeys("/a/inside");
  }

  @Test
  void devicesAndFifosAreNeverRead() throws IOException {
    byte[] tar =
        TestArchives.tar(
            new TestArchives.Entry("dev/null", new byte[0], TarConstants.LF_CHR, null),
            new TestArchives.Entry("dev/sda", new byte[0], TarConstants.LF_BLK, null),
            new TestArchives.Entry("run/fifo", new byte[0], TarConstants.LF_FIFO, null),
            file("etc/hostname", "box"));
    List<EntryKind> kinds = new ArrayList<>();
    try (var archive = new TarLayerArchive(new ByteArrayInputStream(tar), null, "devices", SMALL)) {
      archive.forEach((e, in) -> kinds.add(e.kind()));
    }

    var changes = scan(tar, SMALL);

    assertThat(kinds)
        .containsExactly(EntryKind.OTHER, EntryKind.OTHER, EntryKind.OTHER, EntryKind.FILE);
    assertThat(read).containsExactly("/etc/hostname");
    assertThat(changes.replaced()).contains("/dev/null", "/dev/sda", "/run/fifo");
  }

  @Test
  void bzip2BombHitsTheUncompressedLimit() throws IOException {
    ByteArrayOutputStream bz = new ByteArrayOutputStream();
    try (var out = new BZip2CompressorOutputStream(bz)) {
      out.write(TestArchives.tar(file("bomb", new byte[8 * 1024 * 1024])));
    }
    assertThat(bz.size()).isLessThan(64 * 1024);

    assertThatThrownBy(() -> scan(bz.toByteArray(), new LayerLimits(1000, 1024 * 1024, 1024)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("layer hostile (uncompressed) exceeds the limit of 1048576 bytes");
  }

  /** A header claiming a million empty files, produced on demand: the test holds 512 bytes. */
  private static final class MillionEmptyFiles extends InputStream {
    static final long ENTRIES = 1_000_000;
    private final byte[] header;
    private long position;

    MillionEmptyFiles() {
      byte[] tar = TestArchives.tar(file("f", new byte[0]));
      header = Arrays.copyOf(tar, 512);
    }

    long total() {
      return (ENTRIES + 2) * 512; // entries, then the two zero end-of-archive blocks
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= total()) {
        return -1;
      }
      int n = (int) Math.min(len, total() - position);
      for (int i = 0; i < n; i++) {
        long p = position + i;
        b[off + i] = p < ENTRIES * 512 ? header[(int) (p % 512)] : 0;
      }
      position += n;
      return n;
    }
  }

  @Test
  void aMillionTinyFilesHitTheEntryCapAfterReadingOnlyTheCap() {
    var stream = new MillionEmptyFiles();
    var limits = new LayerLimits(10_000, LayerLimits.DEFAULT.maxLayerBytes(), 1024);
    var archive = new TarLayerArchive(stream, null, "many-files", limits);
    long[] seen = {0};

    assertThatThrownBy(() -> archive.forEach((e, in) -> seen[0]++))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage("layer many-files has more than 10000 entries");
    assertThat(seen[0]).isEqualTo(10_000);
    // Stopped right at the cap (plus read-ahead), not after streaming the whole million.
    assertThat(stream.position).isLessThan(10_001L * 512 + 2 * 65536);
  }

  @Test
  void oversizedSingleFileIsSkippedWithAReasonAndTheRestIsRead() throws IOException {
    byte[] tar = TestArchives.tar(file("big.bin", new byte[2 * 1024 * 1024]), file("small", "s"));

    var changes = scan(tar, SMALL);

    assertThat(read).containsExactly("/small");
    assertThat(changes.added()).containsOnlyKeys("/small");
    assertThat(notes.list()).contains("skipped /big.bin (2097152 bytes, limit 1048576)");
  }

  @Test
  void headerClaimingHugeSizeOverShortDataIsAClearError() {
    byte[] tar = TestArchives.tar(file("liar", "x".repeat(100)));
    // Octal size field at offset 124 (12 bytes): claim 077777777777 (8 GiB - 1).
    byte[] size = "77777777777\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(size, 0, tar, 124, 12);
    fixChecksum(tar, 0);

    assertThatThrownBy(() -> scan(tar, SMALL))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("hostile");
    assertThat(read).isEmpty(); // 8 GiB is over the reader's 1 MiB cap: skipped, not read
    assertThat(notes.list()).contains("skipped /liar (8589934591 bytes, limit 1048576)");
  }

  private static void fixChecksum(byte[] tar, int headerOffset) {
    Arrays.fill(tar, headerOffset + 148, headerOffset + 156, (byte) ' ');
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += tar[headerOffset + i] & 0xff;
    }
    byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(chk, 0, tar, headerOffset + 148, 8);
  }

  private static byte[] sampleTar() {
    return TestArchives.tar(
        file("etc/os-release", "ID=debian\n"),
        file("usr/lib/data.bin", new byte[3000]),
        file("x".repeat(150) + "/long-name", "pax"));
  }

  /** Every block boundary and the bytes either side, plus the first bytes of the stream. */
  private static TreeSet<Integer> interestingOffsets(int length) {
    TreeSet<Integer> offsets = new TreeSet<>(List.of(0, 1, 2, 3, 4, 10, 100, 148, 156, 257));
    for (int b = 512; b < length; b += 512) {
      offsets.addAll(List.of(b - 1, b, b + 1));
    }
    for (int k = 1; k < 16; k++) {
      offsets.add(length * k / 16); // inside compressed streams, whose blocks are not tar's
    }
    offsets.add(length - 1);
    offsets.removeIf(o -> o >= length);
    return offsets;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tar", "gzip", "zstd"})
  void truncationAtEveryInterestingOffsetIsAClearError(String format) {
    byte[] tar = sampleTar();
    String diffId = Digests.sha256(tar);
    Function<byte[], byte[]> encode =
        switch (format) {
          case "gzip" -> TestArchives::gzip;
          case "zstd" -> TestArchives::zstd;
          default -> b -> b;
        };
    byte[] blob = encode.apply(tar);
    var offsets = interestingOffsets(blob.length);
    assertThat(offsets).hasSizeGreaterThan(10);

    for (int cut : offsets) {
      byte[] truncated = Arrays.copyOf(blob, cut);
      var archive =
          new TarLayerArchive(
              new ByteArrayInputStream(truncated), diffId, "cut-" + cut, LayerLimits.DEFAULT);
      // With the diff id known, any missing byte is detected: never a silent partial result.
      assertThatThrownBy(() -> archive.forEach((e, in) -> in.readAllBytes()))
          .as("%s cut at %d of %d", format, cut, blob.length)
          .isInstanceOf(AnalysisException.class)
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .containsAnyOf("cut-" + cut, "digest mismatch", "expected " + diffId));
    }
  }

  @Test
  void nonUtf8NamesAreReadAndStayInsideTheRoot() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(bytes, "ISO-8859-1")) {
      var e = new TarArchiveEntry("caf\u00e9/\u00ff\u00fe.jar");
      e.setSize(1);
      tar.putArchiveEntry(e);
      tar.write('x');
      tar.closeArchiveEntry();
    }
    byte[] tar = bytes.toByteArray();
    assertThat(tar[3]).isEqualTo((byte) 0xe9); // really not UTF-8

    var changes = scan(tar, SMALL);

    assertThat(changes.added()).hasSize(1);
    String path = changes.added().keySet().iterator().next();
    assertThat(path).startsWith("/caf").endsWith(".jar").doesNotContain("..");
  }

  /**
   * A tar whose entries are named by PAX {@code path} records, written by hand: the tar library is
   * quadratic on megabyte names, and hostile producers need not use it anyway.
   */
  private static byte[] paxTar(String... namesAndContents) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      byte[] value = namesAndContents[i].getBytes(StandardCharsets.UTF_8);
      String suffix = " path=";
      int len = suffix.length() + value.length + 1;
      len += Integer.toString(len + Integer.toString(len).length()).length();
      ByteArrayOutputStream record = new ByteArrayOutputStream();
      record.write((len + suffix).getBytes(StandardCharsets.US_ASCII));
      record.write(value);
      record.write('\n');
      assertThat(record.size()).isEqualTo(len);
      block(out, "PaxHeader", TarConstants.LF_PAX_EXTENDED_HEADER_LC, record.toByteArray());
      block(
          out,
          "short" + i,
          TarConstants.LF_NORMAL,
          namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    out.write(new byte[1024]);
    return out.toByteArray();
  }

  private static void block(ByteArrayOutputStream out, String name, byte type, byte[] data)
      throws IOException {
    ByteArrayOutputStream one = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(one)) {
      var e = new TarArchiveEntry(name, type, true);
      e.setSize(data.length);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    byte[] bytes = one.toByteArray();
    out.write(bytes, 0, bytes.length - 1024); // without the end-of-archive blocks
  }

  @Test
  void paxHeaderWithAOneMegabytePathIsReadAndNotesStayShort() throws IOException {
    String longDir = "d/".repeat(512 * 1024); // 1 MiB
    byte[] tar =
        paxTar(longDir + "f", "deep", "../".repeat(350_000) + "escape", "x", "after", "ok");

    var changes = scan(tar, new LayerLimits(1000, 16L * 1024 * 1024, 1024));

    assertThat(changes.added()).hasSize(2).containsKey("/after");
    assertThat(changes.added().keySet())
        .anySatisfy(p -> assertThat(p).hasSize(1024 * 1024 + 2).endsWith("/d/f"));
    assertThat(notes.list())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n).contains("ignored entry escaping the root");
              assertThat(n.length()).isLessThan(400); // the 1 MB name is not copied into notes
            });
  }

  @Test
  void paxHeadersLargerThanTheLayerCapAreRefused() throws IOException {
    byte[] tar = paxTar("p/".repeat(3 * 1024 * 1024) + "f", "x");

    assertThatThrownBy(() -> scan(tar, new LayerLimits(1000, 1024 * 1024, 1024)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("exceeds the limit of 1048576 bytes");
  }
}
