package dev.tallyman.analysis.catalog.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.catalog.elf.ElfFile;
import dev.tallyman.analysis.catalog.elf.ElfFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-1.18 layout (pointers to Go string headers, resolved through a PT_LOAD segment), on a
 * minimal ELF64 built here byte by byte: no Go older than 1.19 is installed to build a real one.
 */
class GoPointerBuildInfoTest {
  private static final long BASE = 0x400000;
  private static final String MOD =
      "0123456789abcdef"
          + "path\tex.com/old\nmod\tex.com/old\tv1.0.0\th1:x=\ndep\tex.com/d\tv0.0.1\th1:y=\n"
          + "fedcba9876543210";

  @TempDir Path tmp;

  /** ELF header, one PT_LOAD mapping the whole file at BASE, build info, sections. */
  static byte[] elf(String version, String mod, boolean sectionHeaders, long modPointerShift) {
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    byte[] v = version.getBytes(StandardCharsets.UTF_8);
    byte[] m = mod.getBytes(StandardCharsets.UTF_8);
    int info = 128;
    int headers = info + 32;
    int strings = headers + 32;
    int names = strings + v.length + m.length;
    byte[] nameTable = "\0.go.buildinfo\0.shstrtab\0".getBytes(StandardCharsets.ISO_8859_1);
    int shoff = (names + nameTable.length + 7) & ~7;
    int size = shoff + 3 * 64;
    b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    b.putShort(16, (short) 2).putShort(18, (short) 62).putInt(20, 1);
    b.putLong(0x20, 64).putLong(0x28, sectionHeaders ? shoff : 0);
    b.putShort(0x34, (short) 64).putShort(0x36, (short) 56).putShort(0x38, (short) 1);
    b.putShort(0x3A, (short) 64).putShort(0x3C, (short) (sectionHeaders ? 3 : 0));
    b.putShort(0x3E, (short) (sectionHeaders ? 2 : 0));
    b.putInt(64, 1).putInt(68, 5).putLong(72, 0).putLong(80, BASE).putLong(88, BASE);
    b.putLong(96, size).putLong(104, size).putLong(112, 0x1000);
    b.put(info, GoBuildInfo.MAGIC).put(info + 14, (byte) 8).put(info + 15, (byte) 0);
    b.putLong(info + 16, BASE + headers).putLong(info + 24, BASE + headers + 16 + modPointerShift);
    b.putLong(headers, BASE + strings).putLong(headers + 8, v.length);
    b.putLong(headers + 16, BASE + strings + v.length).putLong(headers + 24, m.length);
    b.put(strings, v).put(strings + v.length, m).put(names, nameTable);
    // section 1: .go.buildinfo (PROGBITS), section 2: .shstrtab (STRTAB)
    b.putInt(shoff + 64, 1).putInt(shoff + 68, 1).putLong(shoff + 64 + 16, BASE + info);
    b.putLong(shoff + 64 + 24, info).putLong(shoff + 64 + 32, 32 + 32 + v.length + m.length);
    b.putInt(shoff + 128, 15).putInt(shoff + 132, 3);
    b.putLong(shoff + 128 + 24, names).putLong(shoff + 128 + 32, nameTable.length);
    byte[] out = new byte[size];
    b.get(0, out);
    return out;
  }

  private Optional<GoBuildInfo.Info> read(byte[] elf) throws IOException {
    Path f = Files.write(tmp.resolve("bin" + System.nanoTime()), elf);
    try (FileChannel ch = FileChannel.open(f)) {
      return GoBuildInfo.read(ElfFile.open(ch));
    }
  }

  @Test
  void pointerLayoutThroughTheSection() throws IOException {
    GoBuildInfo.Info info = read(elf("go1.16.15", MOD, true, 0)).orElseThrow();

    assertThat(info.goVersion()).isEqualTo("go1.16.15");
    assertThat(info.path()).isEqualTo("ex.com/old");
    assertThat(info.main()).isEqualTo(new GoBuildInfo.Module("ex.com/old", "v1.0.0", null));
    assertThat(info.deps()).containsExactly(new GoBuildInfo.Module("ex.com/d", "v0.0.1", null));
  }

  @Test
  void withoutSectionHeadersTheMagicIsFoundByScanning() throws IOException {
    assertThat(read(elf("go1.16.15", MOD, false, 0)).orElseThrow().deps()).hasSize(1);
  }

  @Test
  void pointersOutsideTheFileAreRefused() {
    assertThatThrownBy(() -> read(elf("go1.16.15", MOD, true, 1L << 40)))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("outside");
  }
}
