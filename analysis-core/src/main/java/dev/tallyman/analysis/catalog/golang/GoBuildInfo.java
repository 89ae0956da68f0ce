package dev.tallyman.analysis.catalog.golang;

import dev.tallyman.analysis.catalog.elf.ElfFile;
import dev.tallyman.analysis.catalog.elf.ElfFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The build information the Go linker embeds in every module-aware binary (what {@code go version
 * -m} prints): a 32-byte header starting {@code "\xff Go buildinf:"} in the {@code .go.buildinfo}
 * section, then the Go version and the module info text. Go 1.18+ stores both strings inline, each
 * prefixed by its uvarint length; older linkers store two pointers to Go string headers, which are
 * resolved through the loadable segments.
 */
public final class GoBuildInfo {
  static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  static final String SECTION = ".go.buildinfo";
  private static final int HEADER = 32;
  private static final int FLAG_BIG_ENDIAN = 1;
  private static final int FLAG_INLINE = 2;

  /** Module info of real binaries is a few KiB; kubernetes-sized ones stay far below this. */
  static final int MAX_STRING = 4 * 1024 * 1024;

  private static final int SCAN_CHUNK = 1024 * 1024;

  /** A module: path, version and, when replaced ({@code =>}), what replaced it. */
  public record Module(String path, String version, Module replacement) {}

  /** What one binary was built from. {@code main} is null for binaries built outside a module. */
  public record Info(String goVersion, String path, Module main, List<Module> deps) {}

  private GoBuildInfo() {}

  /** The build info of a Go binary, or empty for an ELF file that is not one. */
  public static Optional<Info> read(ElfFile elf) throws IOException {
    long at;
    Optional<ElfFile.Section> section = elf.section(SECTION);
    if (section.isPresent()) {
      at = section.get().offset();
    } else if (elf.sections().isEmpty()) {
      at = scan(elf); // no section headers at all: look for the header like Go's own reader
      if (at < 0) {
        return Optional.empty();
      }
    } else {
      return Optional.empty();
    }
    if (at < 0 || elf.size() - at < HEADER) {
      throw new ElfFormatException(SECTION + " is too short");
    }
    ByteBuffer h = elf.read(at, HEADER);
    byte[] magic = new byte[MAGIC.length];
    h.get(0, magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new ElfFormatException(SECTION + " does not start with the Go build info header");
    }
    int ptrSize = h.get(14);
    int flags = h.get(15);
    String version;
    String modinfo;
    if ((flags & FLAG_INLINE) != 0) {
      long[] next = {at + HEADER};
      version = inlineString(elf, next);
      modinfo = inlineString(elf, next);
    } else {
      if (ptrSize != 4 && ptrSize != 8) {
        throw new ElfFormatException("pointer size " + ptrSize + " is neither 4 nor 8");
      }
      ByteOrder order =
          (flags & FLAG_BIG_ENDIAN) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      h.order(order);
      version = pointedString(elf, pointer(h, 16, ptrSize), ptrSize, order);
      modinfo = pointedString(elf, pointer(h, 16 + ptrSize, ptrSize), ptrSize, order);
    }
    if (version.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parse(version, modinfo));
  }

  /** Parses the module info text ({@code path}, {@code mod}, {@code dep}, {@code =>} lines). */
  static Info parse(String goVersion, String modinfo) {
    // Since Go 1.18 the text is framed by 16-byte sentinels that mark it for the linker.
    if (modinfo.length() >= 33 && modinfo.charAt(modinfo.length() - 17) == '\n') {
      modinfo = modinfo.substring(16, modinfo.length() - 16);
    }
    String path = "";
    Module main = null;
    List<Module> deps = new ArrayList<>();
    for (String line : modinfo.split("\n")) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "path" -> path = f.length > 1 ? f[1] : "";
        case "mod" -> main = f.length > 2 ? new Module(f[1], f[2], null) : main;
        case "dep" -> {
          if (f.length > 2) {
            deps.add(new Module(f[1], f[2], null));
          }
        }
        case "=>" -> {
          // Replaces the module on the line before; a local directory has no version.
          Module r = new Module(f.length > 1 ? f[1] : "", f.length > 2 ? f[2] : "", null);
          if (!deps.isEmpty()) {
            Module last = deps.remove(deps.size() - 1);
            deps.add(new Module(last.path(), last.version(), r));
          } else if (main != null) {
            main = new Module(main.path(), main.version(), r);
          }
        }
        default -> {}
      }
    }
    return new Info(goVersion, path, main, List.copyOf(deps));
  }

  private static String inlineString(ElfFile elf, long[] at) throws IOException {
    long length = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift > 35) {
        throw new ElfFormatException("build info string length is not a small uvarint");
      }
      int b = Byte.toUnsignedInt(elf.read(at[0]++, 1).get(0));
      length |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
    }
    if (length > MAX_STRING) {
      throw new ElfFormatException("build info string of " + length + " bytes");
    }
    String s = utf8(elf.read(at[0], (int) length));
    at[0] += length;
    return s;
  }

  private static long pointer(ByteBuffer b, int at, int ptrSize) {
    return ptrSize == 8 ? b.getLong(at) : Integer.toUnsignedLong(b.getInt(at));
  }

  /** Go 1.17 and older: a pointer to a {data pointer, length} string header. */
  private static String pointedString(ElfFile elf, long vaddr, int ptrSize, ByteOrder order)
      throws IOException {
    long header =
        elf.offsetOf(vaddr)
            .orElseThrow(() -> new ElfFormatException("build info points outside the file"));
    ByteBuffer sh = elf.read(header, 2 * ptrSize).order(order);
    long data = pointer(sh, 0, ptrSize);
    long length = pointer(sh, ptrSize, ptrSize);
    if (length == 0) {
      return "";
    }
    if (length < 0 || length > MAX_STRING) {
      throw new ElfFormatException("build info string of " + length + " bytes");
    }
    long offset =
        elf.offsetOf(data)
            .orElseThrow(() -> new ElfFormatException("build info points outside the file"));
    return utf8(elf.read(offset, (int) length));
  }

  /** The header sits at a 16-byte aligned offset; scan the file for it in bounded chunks. */
  private static long scan(ElfFile elf) throws IOException {
    for (long base = 0; base < elf.size(); base += SCAN_CHUNK) {
      int n = (int) Math.min(SCAN_CHUNK + MAGIC.length, elf.size() - base);
      ByteBuffer b = elf.read(base, n);
      for (int i = 0; i + MAGIC.length <= n && i < SCAN_CHUNK; i += 16) {
        if (matches(b, i)) {
          return base + i;
        }
      }
    }
    return -1;
  }

  private static boolean matches(ByteBuffer b, int at) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (b.get(at + i) != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static String utf8(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
