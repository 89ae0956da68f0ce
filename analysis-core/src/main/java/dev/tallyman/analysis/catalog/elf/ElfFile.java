package dev.tallyman.analysis.catalog.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Just enough of an ELF file (32/64-bit, either byte order) to find named sections and map virtual
 * addresses to file offsets. Every count and offset comes from the file, so each is checked against
 * the file size before it is used; reads are bounded by the caller.
 */
public final class ElfFile {
  public static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
  static final int SHT_NOBITS = 8;
  static final int PT_LOAD = 1;
  private static final int MAX_SECTIONS = 65_536;
  private static final int MAX_SEGMENTS = 4_096;
  private static final int MAX_ENTRY_SIZE = 256;
  private static final int MAX_SECTION_NAMES = 1024 * 1024;

  /** A section with file contents at {@code offset} (NOBITS sections have none). */
  public record Section(String name, int type, long addr, long offset, long size) {}

  /** A loadable segment: {@code fileSize} bytes at {@code offset} mapped at {@code vaddr}. */
  public record Segment(long vaddr, long offset, long fileSize) {}

  private final SeekableByteChannel file;
  private final long fileSize;
  private final boolean is64;
  private final ByteOrder order;
  private final List<Section> sections;
  private final List<Segment> segments;

  private ElfFile(SeekableByteChannel file) throws IOException {
    this.file = file;
    this.fileSize = file.size();
    ByteBuffer ident = read(0, 16);
    for (int i = 0; i < 4; i++) {
      if (ident.get(i) != MAGIC[i]) {
        throw new ElfFormatException("not an ELF file");
      }
    }
    int cls = ident.get(4);
    int data = ident.get(5);
    if ((cls != 1 && cls != 2) || (data != 1 && data != 2)) {
      throw new ElfFormatException("unknown ELF class " + cls + " or data encoding " + data);
    }
    is64 = cls == 2;
    order = data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    ByteBuffer h = read(0, is64 ? 64 : 52);
    long phoff = is64 ? h.getLong(0x20) : Integer.toUnsignedLong(h.getInt(0x1C));
    long shoff = is64 ? h.getLong(0x28) : Integer.toUnsignedLong(h.getInt(0x20));
    int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 0x36 : 0x2A));
    int phnum = Short.toUnsignedInt(h.getShort(is64 ? 0x38 : 0x2C));
    int shentsize = Short.toUnsignedInt(h.getShort(is64 ? 0x3A : 0x2E));
    int shnum = Short.toUnsignedInt(h.getShort(is64 ? 0x3C : 0x30));
    int shstrndx = Short.toUnsignedInt(h.getShort(is64 ? 0x3E : 0x32));
    segments = readSegments(phoff, phentsize, phnum);
    sections = readSections(shoff, shentsize, shnum, shstrndx);
  }

  /** Parses the headers of the ELF file open on {@code file}; the caller closes the channel. */
  public static ElfFile open(SeekableByteChannel file) throws IOException {
    return new ElfFile(file);
  }

  public static boolean hasMagic(byte[] head, int length) {
    return hasMagic(head, 0, length);
  }

  /** Whether {@code head[offset, offset + length)} starts with the ELF magic. */
  public static boolean hasMagic(byte[] head, int offset, int length) {
    if (length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[offset + i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  public ByteOrder order() {
    return order;
  }

  public long size() {
    return fileSize;
  }

  public List<Section> sections() {
    return sections;
  }

  public List<Segment> segments() {
    return segments;
  }

  public Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The first {@code max} bytes of a section's contents (empty for NOBITS sections). */
  public byte[] contents(Section s, int max) throws IOException {
    if (s.type() == SHT_NOBITS) {
      return new byte[0];
    }
    int n = (int) Math.min(s.size(), max);
    ByteBuffer b = read(s.offset(), n);
    byte[] out = new byte[n];
    b.get(0, out);
    return out;
  }

  /** The file offset holding virtual address {@code vaddr}, if a loadable segment maps it. */
  public Optional<Long> offsetOf(long vaddr) {
    for (Segment s : segments) {
      if (Long.compareUnsigned(vaddr, s.vaddr()) >= 0
          && Long.compareUnsigned(vaddr - s.vaddr(), s.fileSize()) < 0) {
        return Optional.of(s.offset() + (vaddr - s.vaddr()));
      }
    }
    return Optional.empty();
  }

  /** Reads exactly {@code length} bytes at {@code offset}, or fails if they are not in the file. */
  public ByteBuffer read(long offset, int length) throws IOException {
    if (offset < 0 || length < 0 || offset > fileSize || length > fileSize - offset) {
      throw new ElfFormatException(
          "range " + offset + "+" + length + " lies outside the file (" + fileSize + " bytes)");
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      file.position(offset + b.position());
      if (file.read(b) < 0) {
        throw new ElfFormatException("file ended early");
      }
    }
    return b.flip().order(order);
  }

  private List<Segment> readSegments(long phoff, int entsize, int num) throws IOException {
    if (num == 0) {
      return List.of();
    }
    if (num > MAX_SEGMENTS || entsize < (is64 ? 56 : 32) || entsize > MAX_ENTRY_SIZE) {
      throw new ElfFormatException("implausible program header table");
    }
    ByteBuffer t = read(phoff, entsize * num);
    List<Segment> out = new ArrayList<>();
    for (int i = 0; i < num; i++) {
      int at = i * entsize;
      if (t.getInt(at) != PT_LOAD) {
        continue;
      }
      long offset = is64 ? t.getLong(at + 8) : Integer.toUnsignedLong(t.getInt(at + 4));
      long vaddr = is64 ? t.getLong(at + 16) : Integer.toUnsignedLong(t.getInt(at + 8));
      long filesz = is64 ? t.getLong(at + 32) : Integer.toUnsignedLong(t.getInt(at + 16));
      if (offset >= 0 && filesz >= 0 && offset <= fileSize && filesz <= fileSize - offset) {
        out.add(new Segment(vaddr, offset, filesz));
      }
    }
    return List.copyOf(out);
  }

  private List<Section> readSections(long shoff, int entsize, int num, int strndx)
      throws IOException {
    if (num == 0 || shoff == 0) {
      return List.of(); // stripped of section headers (sstrip): only segments are left
    }
    if (num > MAX_SECTIONS
        || entsize < (is64 ? 64 : 40)
        || entsize > MAX_ENTRY_SIZE
        || strndx >= num) {
      throw new ElfFormatException("implausible section header table");
    }
    ByteBuffer t = read(shoff, entsize * num);
    long[][] raw = new long[num][];
    for (int i = 0; i < num; i++) {
      int at = i * entsize;
      long name = Integer.toUnsignedLong(t.getInt(at));
      long type = Integer.toUnsignedLong(t.getInt(at + 4));
      long addr = is64 ? t.getLong(at + 16) : Integer.toUnsignedLong(t.getInt(at + 12));
      long offset = is64 ? t.getLong(at + 24) : Integer.toUnsignedLong(t.getInt(at + 16));
      long size = is64 ? t.getLong(at + 32) : Integer.toUnsignedLong(t.getInt(at + 20));
      raw[i] = new long[] {name, type, addr, offset, size};
    }
    long[] str = raw[strndx];
    if (str[3] < 0 || str[4] < 0 || str[3] > fileSize || str[4] > fileSize - str[3]) {
      throw new ElfFormatException("section names lie outside the file");
    }
    byte[] names = new byte[(int) Math.min(str[4], MAX_SECTION_NAMES)];
    read(str[3], names.length).get(names);
    List<Section> out = new ArrayList<>();
    for (long[] s : raw) {
      boolean nobits = s[1] == SHT_NOBITS;
      // A section claiming bytes beyond the file is ignored rather than trusted.
      if (!nobits && (s[3] < 0 || s[4] < 0 || s[3] > fileSize || s[4] > fileSize - s[3])) {
        continue;
      }
      out.add(new Section(name(names, s[0]), (int) s[1], s[2], s[3], s[4]));
    }
    return List.copyOf(out);
  }

  private static String name(byte[] table, long at) {
    if (at < 0 || at >= table.length) {
      return "";
    }
    int end = (int) at;
    while (end < table.length && table[end] != 0) {
      end++;
    }
    return new String(table, (int) at, end - (int) at, StandardCharsets.ISO_8859_1);
  }
}
