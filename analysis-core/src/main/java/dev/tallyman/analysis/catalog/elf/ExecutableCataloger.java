package dev.tallyman.analysis.catalog.elf;

import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.golang.GoBuildInfo;
import dev.tallyman.analysis.catalog.golang.GoPackages;
import dev.tallyman.analysis.catalog.rust.CargoAuditable;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.io.PositionalBytes;
import dev.tallyman.analysis.io.TransportGuard;
import dev.tallyman.analysis.layer.FileRequest;
import dev.tallyman.analysis.layer.LayerPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Packages compiled into ELF executables: Go build info (modules and the Go toolchain) and the
 * dependency list of Rust binaries built with cargo-auditable.
 *
 * <p>Candidates are every regular file the layer marks executable (any execute bit in its tar
 * mode), wherever it lies, and, for archives that carry no mode or binaries shipped without the
 * bit, files chosen by place: any {@code bin}/{@code sbin} directory, and extension-less files at
 * the root or under {@code /app}, {@code /ko-app}, {@code /opt} and {@code /srv}. Only the first
 * four bytes of a candidate are read unless they are the ELF magic. Its section headers sit at its
 * end, after the sections they describe, so a stream cannot be parsed in one pass. A file that lies
 * as it is in a local archive is read there by position; otherwise an ELF file up to 16 MiB (most
 * binaries) is parsed from memory, a larger one is copied to an owner-only temporary file, deleted
 * before {@link #catalog} returns. Only the headers and the wanted sections are looked at.
 */
public final class ExecutableCataloger implements Cataloger {
  static final long MAX_BYTES = 256L * 1024 * 1024;

  /** ELF files up to this size are parsed from memory, larger ones from an owner-only copy. */
  static final long IN_MEMORY_BYTES = 16L * 1024 * 1024;

  private final long inMemoryBytes;

  public ExecutableCataloger() {
    this(IN_MEMORY_BYTES);
  }

  ExecutableCataloger(long inMemoryBytes) {
    this.inMemoryBytes = inMemoryBytes;
  }

  private static final Set<String> BIN_DIRS = Set.of("bin", "sbin");
  private static final Set<String> APP_ROOTS = Set.of("/app/", "/ko-app/", "/opt/", "/srv/");

  @Override
  public String name() {
    return "executables";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(ExecutableCataloger::isCandidate, MAX_BYTES, true);
  }

  static boolean isCandidate(String path) {
    if (path.startsWith("/proc/") || path.startsWith("/sys/") || path.startsWith("/dev/")) {
      return false;
    }
    String parent = LayerPaths.parent(path);
    if (BIN_DIRS.contains(LayerPaths.baseName(parent))) {
      return true;
    }
    String base = LayerPaths.baseName(path);
    if (base.indexOf('.') >= 0) {
      return false; // libraries, scripts and data files have an extension
    }
    if (parent.equals("/")) {
      return true;
    }
    for (String root : APP_ROOTS) {
      if (path.startsWith(root)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    var positional = file.positional();
    if (positional.isPresent() && positional.get().length() == file.size()) {
      return catalog(positional.get(), file);
    }
    InputStream in = file.content();
    byte[] head = in.readNBytes(ElfFile.MAGIC.length);
    if (!ElfFile.hasMagic(head, head.length)) {
      return List.of(); // a script or data file: the rest of it is never read
    }
    if (file.size() >= head.length && file.size() <= inMemoryBytes) {
      try {
        byte[] bytes = new byte[(int) file.size()];
        System.arraycopy(head, 0, bytes, 0, head.length);
        int n = head.length + in.readNBytes(bytes, head.length, bytes.length - head.length);
        return packages(
            ElfFile.open(
                new SeekableInMemoryByteChannel(
                    n == bytes.length ? bytes : Arrays.copyOf(bytes, n))),
            file);
      } catch (IOException e) {
        if (TransportGuard.find(e) != null) {
          throw e;
        }
        file.notes().add("skipped unreadable executable " + file.path() + ": " + e.getMessage());
        return List.of();
      }
    }
    Path dir = null;
    try {
      dir =
          Files.createTempDirectory(
              "tallyman-elf-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path copy = dir.resolve("binary");
      try (OutputStream out = Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW)) {
        out.write(head);
        new LimitedInputStream(in, MAX_BYTES - head.length, file.path()).transferTo(out);
      }
      try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ)) {
        return packages(ElfFile.open(ch), file);
      }
    } catch (IOException e) {
      if (TransportGuard.find(e) != null) {
        throw e;
      }
      file.notes().add("skipped unreadable executable " + file.path() + ": " + e.getMessage());
      return List.of();
    } finally {
      if (dir != null) {
        Files.deleteIfExists(dir.resolve("binary"));
        Files.deleteIfExists(dir);
      }
    }
  }

  /** In a local file: the headers and wanted sections are read where they lie, nothing copied. */
  private static List<Package> catalog(PositionalBytes bytes, ImageFile file) throws IOException {
    if (bytes.length() < ElfFile.MAGIC.length) {
      return List.of();
    }
    PositionalBytes.Window head = bytes.window(0, ElfFile.MAGIC.length);
    if (!ElfFile.hasMagic(head.array(), head.offset(), head.length())) {
      return List.of();
    }
    try (SeekableByteChannel channel = bytes.channel()) {
      return packages(ElfFile.open(channel), file);
    } catch (IOException e) {
      file.notes().add("skipped unreadable executable " + file.path() + ": " + e.getMessage());
      return List.of();
    }
  }

  /** Each format is read on its own: damaged audit data does not hide the Go modules. */
  private static List<Package> packages(ElfFile elf, ImageFile file) {
    List<Package> out = new ArrayList<>();
    try {
      Optional<GoBuildInfo.Info> go = GoBuildInfo.read(elf);
      go.ifPresent(info -> out.addAll(GoPackages.of(info, file.path(), file.layer())));
    } catch (IOException e) {
      file.notes()
          .add("skipped unreadable Go build info in " + file.path() + ": " + e.getMessage());
    }
    try {
      CargoAuditable.read(elf, file.path(), file.layer()).ifPresent(out::addAll);
    } catch (IOException e) {
      file.notes()
          .add("skipped unreadable cargo-auditable data in " + file.path() + ": " + e.getMessage());
    }
    return out;
  }
}
