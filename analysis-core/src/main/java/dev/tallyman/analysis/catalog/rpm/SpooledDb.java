package dev.tallyman.analysis.catalog.rpm;

import dev.tallyman.analysis.io.LimitedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An rpm database copied out of its layer stream (size-capped) into a fresh owner-only temporary
 * directory: SQLite can only open a file and the Berkeley DB and NDB readers need random access
 * without holding the whole database in memory. {@link #close} deletes the directory, whatever
 * happened.
 */
final class SpooledDb implements Closeable {
  private final Path dir;
  private final Path file;
  private final long size;
  private FileChannel channel;

  private SpooledDb(Path dir, Path file, long size) {
    this.dir = dir;
    this.file = file;
    this.size = size;
  }

  static SpooledDb copy(InputStream content, long maxBytes, String label) throws IOException {
    Path dir =
        Files.createTempDirectory(
            "tallyman-rpmdb-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      Path file = dir.resolve("rpmdb");
      long size = Files.copy(new LimitedInputStream(content, maxBytes, label), file);
      return new SpooledDb(dir, file, size);
    } catch (IOException | RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  Path path() {
    return file;
  }

  long size() {
    return size;
  }

  /** Reads exactly {@code length} bytes at {@code offset}; a range past the end is an error. */
  byte[] read(long offset, int length) throws IOException {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new RpmDbFormatException(
          "read of " + length + " bytes at " + offset + " is outside the " + size + "-byte file");
    }
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (channel.read(b, offset + b.position()) < 0) {
        throw new RpmDbFormatException("file ended early at " + (offset + b.position()));
      }
    }
    return b.array();
  }

  @Override
  public void close() throws IOException {
    try {
      if (channel != null) {
        channel.close();
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
