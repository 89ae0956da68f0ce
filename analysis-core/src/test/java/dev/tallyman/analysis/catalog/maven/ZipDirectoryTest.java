package dev.tallyman.analysis.catalog.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.io.PositionalBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipDirectoryTest {
  @TempDir Path dir;

  record Item(String name, byte[] content, boolean stored) {}

  /** A zip as streaming writers make it: data descriptors after deflated entries. */
  private static byte[] zip(List<Item> items) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Item item : items) {
        ZipEntry e = new ZipEntry(item.name());
        if (item.stored()) {
          CRC32 crc = new CRC32();
          crc.update(item.content());
          e.setMethod(ZipEntry.STORED);
          e.setSize(item.content().length);
          e.setCompressedSize(item.content().length);
          e.setCrc(crc.getValue());
        }
        zip.putNextEntry(e);
        zip.write(item.content());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Map<String, String> viaDirectory(byte[] b, int off, int len) throws IOException {
    ZipDirectory d = ZipDirectory.open(b, off, len);
    assertThat(d).as("central directory").isNotNull();
    return readAll(d);
  }

  private static Map<String, String> viaWalker(byte[] b) throws IOException {
    return readAll(new JarWalker(new ByteArrayInputStream(b)));
  }

  private static Map<String, String> readAll(JarEntries entries) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (entries) {
      String name;
      while ((name = entries.next()) != null) {
        out.put(name, new String(entries.content().readAllBytes(), StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }

  @Provide
  Arbitrary<List<Item>> items() {
    Arbitrary<String> names =
        Arbitraries.strings().withChars("abcXYZ/._-é").ofMinLength(1).ofMaxLength(20);
    Arbitrary<byte[]> contents =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(3000),
            Arbitraries.strings()
                .withChars("PK\u0003\u0004\u0007\u0008ab")
                .ofMaxLength(3000)
                .map(s -> s.getBytes(StandardCharsets.ISO_8859_1)));
    return net.jqwik.api.Combinators.combine(names, contents, Arbitraries.of(true, false))
        .as(Item::new)
        .list()
        .ofMaxSize(12)
        .uniqueElements(Item::name);
  }

  @Property(tries = 300)
  void listsWhatTheLocalHeadersHold(@ForAll("items") List<Item> items) throws IOException {
    byte[] zip = zip(items);

    Map<String, String> expected = new LinkedHashMap<>();
    items.forEach(
        i -> expected.put(i.name(), new String(i.content(), StandardCharsets.ISO_8859_1)));
    assertThat(viaDirectory(zip, 0, zip.length)).containsExactlyEntriesOf(expected);
    assertThat(viaWalker(zip)).containsExactlyEntriesOf(expected);
  }

  /** Damage anywhere gives null, entries, or an IOException on opening one: never anything else. */
  @Property(tries = 500)
  void damagedArchivesNeverFailOtherwise(
      @ForAll("items") List<Item> items,
      @ForAll @IntRange(min = 0, max = 1_000_000) int where,
      @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 100) int cut) {
    byte[] zip = zip(items);
    if (zip.length == 0) {
      return;
    }
    zip[where % zip.length] = value;
    int len = Math.max(0, zip.length - cut);
    ZipDirectory d = ZipDirectory.open(zip, 0, len);
    if (d == null) {
      return;
    }
    try (d) {
      while (d.next() != null) {
        try {
          d.content().readAllBytes();
        } catch (IOException expected) {
          // a damaged entry; the next ones are still listed
        }
      }
    }
  }

  /** The same archive in a file, read by position, between unrelated bytes. */
  private ZipDirectory fromFile(byte[] zip, int len, MemoryBudget budget) throws IOException {
    byte[] padded = new byte[len + 300];
    Arrays.fill(padded, (byte) 'P');
    System.arraycopy(zip, 0, padded, 100, len);
    // Not in @TempDir: jqwik properties do not get one.
    Path file = Files.createTempFile("zip-directory-test", ".bin");
    Files.write(file, padded);
    files.add(file);
    FileChannel channel = FileChannel.open(file);
    channels.add(channel);
    return ZipDirectory.open(PositionalBytes.of(channel, 100, len), budget);
  }

  private final List<FileChannel> channels = new java.util.ArrayList<>();
  private final List<Path> files = new java.util.ArrayList<>();

  @AfterEach
  void closeChannels() throws IOException {
    for (FileChannel c : channels) {
      c.close();
    }
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
    channels.clear();
    files.clear();
  }

  @Property(tries = 200)
  void aFileReadByPositionListsTheSameAsMemory(@ForAll("items") List<Item> items)
      throws IOException {
    byte[] zip = zip(items);
    MemoryBudget budget = new MemoryBudget(1 << 20);
    ZipDirectory d = fromFile(zip, zip.length, budget);
    assertThat(d).as("central directory").isNotNull();
    if (!items.isEmpty()) {
      assertThat(budget.left()).isLessThan(1 << 20); // the directory copy is charged...
    }
    assertThat(readAll(d)).isEqualTo(viaDirectory(zip, 0, zip.length));
    assertThat(budget.left()).isEqualTo(1 << 20); // ...and given back on close
    closeChannels();
  }

  /** From a file as from memory: null, entries, or an IOException on opening one. */
  @Property(tries = 300)
  void damagedArchivesInAFileNeverFailOtherwise(
      @ForAll("items") List<Item> items,
      @ForAll @IntRange(min = 0, max = 1_000_000) int where,
      @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 100) int cut)
      throws IOException {
    byte[] zip = zip(items);
    if (zip.length == 0) {
      return;
    }
    zip[where % zip.length] = value;
    MemoryBudget budget = new MemoryBudget(1 << 20);
    ZipDirectory d = fromFile(zip, Math.max(0, zip.length - cut), budget);
    if (d != null) {
      try (d) {
        while (d.next() != null) {
          try {
            d.content().readAllBytes();
          } catch (IOException expected) {
            // a damaged entry; the next ones are still listed
          }
        }
      }
    }
    assertThat(budget.left()).isEqualTo(1 << 20);
    closeChannels();
  }

  @Test
  void aDirectoryThatDoesNotFitTheBudgetIsLeftToTheWalker() throws IOException {
    List<Item> items = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      items.add(new Item("entry-with-a-long-name-" + i, new byte[0], false));
    }
    byte[] zip = zip(items);
    MemoryBudget small = new MemoryBudget(1000);
    assertThat(fromFile(zip, zip.length, small)).isNull();
    assertThat(small.left()).isEqualTo(1000);
    assertThat(fromFile(zip, zip.length, new MemoryBudget(1 << 20))).isNotNull();
    // In memory already: nothing to copy, nothing charged.
    assertThat(ZipDirectory.open(PositionalBytes.of(zip, 0, zip.length), small)).isNotNull();
  }

  @Test
  void anEntryWhoseLocalHeaderRunsIntoTheNextFailsAlone() throws IOException {
    byte[] zip =
        zip(
            List.of(
                new Item("first", "1".repeat(500).getBytes(), true),
                new Item("second", "2".repeat(500).getBytes(), true)));
    // The first local header claims a 400-byte extra field: its data would overlap "second".
    int extraLength = 28;
    zip[extraLength] = (byte) 400;
    zip[extraLength + 1] = 1;
    for (ZipDirectory d :
        List.of(ZipDirectory.open(zip, 0, zip.length), fromFile(zip, zip.length, null))) {
      try (d) {
        assertThat(d.next()).isEqualTo("first");
        assertThatThrownBy(d::content)
            .isInstanceOf(ZipException.class)
            .hasMessageContaining("runs into the next entry");
        assertThat(d.next()).isEqualTo("second");
        assertThat(d.content().readAllBytes()).isEqualTo("2".repeat(500).getBytes());
      }
    }
  }

  @Test
  void aLaunchScriptBeforeTheArchiveIsAllowed() throws IOException {
    // Spring Boot's "fully executable" jars: a shell script, then a zip whose offsets count from
    // its own start.
    byte[] zip = zip(List.of(new Item("a.txt", "hello".getBytes(), false)));
    byte[] script = "#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes(StandardCharsets.UTF_8);
    byte[] both = new byte[script.length + zip.length];
    System.arraycopy(script, 0, both, 0, script.length);
    System.arraycopy(zip, 0, both, script.length, zip.length);

    assertThat(viaDirectory(both, 0, both.length)).containsExactly(Map.entry("a.txt", "hello"));
  }

  @Test
  void aSliceOfALargerBufferIsReadInPlace() throws IOException {
    byte[] zip = zip(List.of(new Item("x", "inner".getBytes(), true)));
    byte[] padded = new byte[zip.length + 200];
    Arrays.fill(padded, (byte) 'P');
    System.arraycopy(zip, 0, padded, 100, zip.length);

    assertThat(viaDirectory(padded, 100, zip.length)).containsExactly(Map.entry("x", "inner"));
  }

  @Test
  void zip64AndTruncatedArchivesAreLeftToTheWalker() throws IOException {
    Path file = dir.resolve("z64.zip");
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(file)) {
      z.setUseZip64(Zip64Mode.Always);
      z.putArchiveEntry(new ZipArchiveEntry("a"));
      z.write("x".getBytes());
      z.closeArchiveEntry();
    }
    byte[] zip64 = Files.readAllBytes(file);
    assertThat(ZipDirectory.open(zip64, 0, zip64.length)).isNull();

    byte[] whole = zip(List.of(new Item("a", new byte[100], false)));
    assertThat(ZipDirectory.open(whole, 0, whole.length - 1)).isNull();
    assertThat(ZipDirectory.open(new byte[0], 0, 0)).isNull();
  }

  @Test
  void entriesThatOverlapOrRunBackwardsAreRefused() throws IOException {
    byte[] zip =
        zip(
            List.of(
                new Item("first", "1".repeat(500).getBytes(), true),
                new Item("second", "2".repeat(500).getBytes(), true)));
    int second = lastCentralHeader(zip);
    assertThat(ZipDirectory.open(zip, 0, zip.length)).isNotNull();

    // The second entry claims the first one's local header: the same bytes listed twice, the way
    // overlapping "zip bombs" multiply the work asked for.
    zip[second + 42] = 0;
    zip[second + 43] = 0;
    zip[second + 44] = 0;
    zip[second + 45] = 0;
    assertThat(ZipDirectory.open(zip, 0, zip.length)).isNull();
    // The walker reads the local headers in order, as they are.
    assertThat(viaWalker(zip)).containsOnlyKeys("first", "second");
  }

  private static int lastCentralHeader(byte[] zip) {
    for (int i = zip.length - 46; i >= 0; i--) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
        return i;
      }
    }
    throw new AssertionError("no central header");
  }

  @Test
  void theMemoryBudgetIsNeverOverdrawnAndComesBack() {
    MemoryBudget budget = new MemoryBudget(100);
    assertThat(budget.take(60)).isTrue();
    assertThat(budget.take(60)).isFalse();
    assertThat(budget.take(40)).isTrue();
    assertThat(budget.left()).isZero();
    budget.give(60);
    budget.give(40);
    assertThat(budget.left()).isEqualTo(100);
  }
}
