package dev.tallyman.analysis.catalog.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarWalkerTest {
  @TempDir Path dir;

  /** Every entry's name and content, read through the walker. */
  private static Map<String, String> readAll(InputStream in) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (JarWalker walker = new JarWalker(in)) {
      String name;
      while ((name = walker.next()) != null) {
        out.put(name, new String(walker.content().readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** A zip written to a seekable file: sizes in the local headers, no data descriptors. */
  private byte[] seekableZip(Zip64Mode mode, Map<String, String> entries) throws IOException {
    Path file = dir.resolve("z" + System.nanoTime() + ".zip");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      zip.setUseZip64(mode);
      for (var e : entries.entrySet()) {
        zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
      }
    }
    return Files.readAllBytes(file);
  }

  /**
   * Corrupts the deflate data of {@code zip}'s first entry, "skip.bin", and walks past it to
   * "want.txt", which must still read as "wanted".
   */
  private static void assertSkipsCorruptFirstEntry(byte[] zip) throws IOException {
    int data = 30 + "skip.bin".length();
    for (int i = data; i < data + 8; i++) {
      zip[i] = (byte) 0xff;
    }
    try (JarWalker walker = new JarWalker(new ByteArrayInputStream(zip))) {
      assertThat(walker.next()).isEqualTo("skip.bin");
      assertThat(walker.next()).isEqualTo("want.txt");
      assertThat(walker.content().readAllBytes()).asString().isEqualTo("wanted");
      assertThat(walker.next()).isNull();
    }
  }

  /** A zip as jar tools stream it: deflated entries, sizes in data descriptors after the data. */
  private static byte[] streamedZip(Map<String, String> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void stopsAtTheCentralDirectoryWithoutReadingFurther() throws IOException {
    byte[] zip = seekableZip(Zip64Mode.Never, Map.of("a.txt", "alpha"));
    int central = indexOf(zip, new byte[] {'P', 'K', 1, 2});
    // Only the local part and the central directory's signature exist; reading past would fail.
    InputStream prefix = new ByteArrayInputStream(zip, 0, central + 4);
    InputStream poisoned =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("read past the central directory signature");
          }
        };

    assertThat(readAll(new SequenceInputStream(prefix, poisoned)))
        .containsExactly(Map.entry("a.txt", "alpha"));
  }

  @Test
  void entriesNobodyOpensAreSkippedByTheirHeaderSizeWithoutInflating() throws IOException {
    String big = "x".repeat(10_000) + "tail";
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("skip.bin", big);
    entries.put("want.txt", "wanted");
    byte[] zip = seekableZip(Zip64Mode.Never, entries);
    // Skipping must not notice the corrupt deflate data; inflating would.
    assertSkipsCorruptFirstEntry(zip);
  }

  @Test
  void zip64LocalHeadersGiveTheSizes() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("one.txt", "first");
    entries.put("two.txt", "second");
    byte[] zip = seekableZip(Zip64Mode.Always, entries);

    assertThat(readAll(new ByteArrayInputStream(zip))).isEqualTo(entries);
  }

  @Test
  void deflatedEntriesWithDataDescriptorsAsJarToolsWriteThem() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
    entries.put("lib/", "");
    entries.put("b.txt", "beta".repeat(1000));

    assertThat(readAll(new ByteArrayInputStream(streamedZip(entries)))).isEqualTo(entries);
  }

  @Test
  void unopenedEntriesWithDataDescriptorsAreSkippedWithoutInflating() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("skip.bin", "x".repeat(10_000) + "tail");
    entries.put("want.txt", "wanted");
    byte[] zip = streamedZip(entries);
    assertThat(zip[6] & 0x08).as("ZipOutputStream writes data descriptors").isEqualTo(0x08);
    // The descriptor scan must not notice the corrupt deflate data; inflating would.
    assertSkipsCorruptFirstEntry(zip);
  }

  /** A deflated entry whose data descriptor has no signature (crc and sizes only). */
  private static byte[] deflatedWithUnsignedDescriptor(String name, byte[] data) {
    java.util.zip.Deflater deflater = new java.util.zip.Deflater(6, true);
    deflater.setInput(data);
    deflater.finish();
    byte[] packed = new byte[data.length + 64];
    int size = deflater.deflate(packed);
    deflater.end();
    CRC32 crc = new CRC32();
    crc.update(data);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(30 + n.length + size + 12).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x08).putShort((short) 8);
    b.putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0);
    b.putShort((short) n.length).putShort((short) 0).put(n).put(packed, 0, size);
    b.putInt((int) crc.getValue()).putInt(size).putInt(data.length);
    return b.array();
  }

  @Test
  void aDescriptorWithoutSignatureEndsWhereTheNextHeaderStarts() throws IOException {
    byte[] first = "first entry ".repeat(500).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    zip.writeBytes(deflatedWithUnsignedDescriptor("a.txt", first));
    zip.writeBytes(
        deflatedWithUnsignedDescriptor("b.txt", "second".getBytes(StandardCharsets.UTF_8)));
    zip.writeBytes(new byte[] {'P', 'K', 1, 2});

    // Skipped unread (found by the scan) ...
    try (JarWalker walker = new JarWalker(new ByteArrayInputStream(zip.toByteArray()))) {
      assertThat(walker.next()).isEqualTo("a.txt");
      assertThat(walker.next()).isEqualTo("b.txt");
      assertThat(walker.content().readAllBytes()).asString().isEqualTo("second");
      assertThat(walker.next()).isNull();
    }
    // ... and read (found by inflating): the same entries, the same ends.
    assertThat(readAll(new ByteArrayInputStream(zip.toByteArray())))
        .containsExactly(
            Map.entry("a.txt", new String(first, StandardCharsets.UTF_8)),
            Map.entry("b.txt", "second"));
  }

  /** A stored entry followed by a data descriptor, by hand: no common writer produces one. */
  private static byte[] storedWithDescriptor(String name, byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(30 + n.length + data.length + 16).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x04034b50).putShort((short) 10).putShort((short) 0x08).putShort((short) 0);
    b.putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0);
    b.putShort((short) n.length).putShort((short) 0).put(n).put(data);
    b.putInt(0x08074b50).putInt((int) crc.getValue()).putInt(data.length).putInt(data.length);
    return b.array();
  }

  @Test
  void storedEntryWithDataDescriptorEndsAtTheDescriptorWhoseSizeMatches() throws IOException {
    // The data itself contains a descriptor signature with a wrong size: not the end.
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes("head".getBytes(StandardCharsets.UTF_8));
    data.writeBytes(new byte[] {'P', 'K', 7, 8, 1, 2, 3, 4, 99, 0, 0, 0, 99, 0, 0, 0});
    data.writeBytes("tail".repeat(20_000).getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    zip.writeBytes(storedWithDescriptor("lib/inner.jar", data.toByteArray()));
    zip.writeBytes(storedWithDescriptor("after.txt", "after".getBytes(StandardCharsets.UTF_8)));
    zip.writeBytes(new byte[] {'P', 'K', 1, 2});

    try (JarWalker walker = new JarWalker(new ByteArrayInputStream(zip.toByteArray()))) {
      assertThat(walker.next()).isEqualTo("lib/inner.jar");
      assertThat(walker.content().readAllBytes()).isEqualTo(data.toByteArray());
      assertThat(walker.next()).isEqualTo("after.txt");
      assertThat(walker.content().readAllBytes()).asString().isEqualTo("after");
      assertThat(walker.next()).isNull();
    }
    // Skipped unread, the same entry is found to end at the same place.
    try (JarWalker walker = new JarWalker(new ByteArrayInputStream(zip.toByteArray()))) {
      assertThat(walker.next()).isEqualTo("lib/inner.jar");
      assertThat(walker.next()).isEqualTo("after.txt");
    }
  }

  @Test
  void truncatedAndForeignInputIsAnError() {
    byte[] zip = storedWithDescriptor("a.txt", "abc".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(zip))) // no central directory
        .isInstanceOf(java.io.EOFException.class);
    assertThatThrownBy(
            () -> readAll(new ByteArrayInputStream("GIF89a....".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ZipException.class)
        .hasMessageContaining("not a zip archive");
  }
}
