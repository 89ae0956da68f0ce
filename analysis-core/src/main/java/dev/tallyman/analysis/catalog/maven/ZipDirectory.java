package dev.tallyman.analysis.catalog.maven;

import static dev.tallyman.analysis.catalog.maven.ZipFormat.*;

import dev.tallyman.analysis.io.PositionalBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * A jar read by its central directory, as the JDK's {@code ZipFile} reads it: the names come from
 * the directory, no entry is touched unless opened, and only opened entries are inflated. The jar
 * is in memory or in a local file read by position ({@link PositionalBytes}); either way the
 * streaming walker's work (passing every entry by its local header, scanning the raw bytes of most
 * for their data descriptor) is not needed at all.
 *
 * <p>{@link #open} answers null for what it does not take on (no end record, zip64, a split
 * archive, entries that overlap, run backwards or past the directory): the caller then walks the
 * same bytes by their local headers, as before. The directory alone shows that entries are in order
 * and that each one's local header and data fit before the next; an entry's own local header is
 * read when it is opened, and its data must end before the next entry starts. Entries therefore
 * never overlap, which bounds the work a hostile directory can ask for: every byte is opened at
 * most once per level.
 */
final class ZipDirectory implements JarEntries {
  private static final int END_RECORD_SIZE = 22;
  private static final int CENTRAL_SIZE = 46;
  private static final int LOCAL_SIZE = 30;

  private final PositionalBytes src;
  private final byte[] dir; // the central directory: dir[dirStart, dirEnd)
  private final int dirEnd;
  private final long start; // where the archive's offsets count from (after any launch script)
  private final long directory; // where the central directory starts in src
  private final int entries;
  private final Runnable release;
  private int at; // the next central header in dir
  private int seen;

  // The current entry.
  private String name;
  private int method;
  private long local;
  private long nextLocal; // where the next entry (or the directory) starts: the data ends before
  private long dataStart = -1; // read from the local header when the entry is opened
  private long compressedSize;
  private long size;
  private Inflater inflater;

  private ZipDirectory(
      PositionalBytes src,
      PositionalBytes.Window dir,
      long start,
      long directory,
      int entries,
      Runnable release) {
    this.src = src;
    this.dir = dir.array();
    this.at = dir.offset();
    this.dirEnd = dir.offset() + dir.length();
    this.start = start;
    this.directory = directory;
    this.entries = entries;
    this.release = release;
  }

  /** The directory of {@code buf[off, off + len)}, or null if it cannot be read from memory. */
  static ZipDirectory open(byte[] buf, int off, int len) {
    try {
      return open(PositionalBytes.of(buf, off, len), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // arrays are not read by I/O
    }
  }

  /**
   * The directory of {@code src}, or null if it cannot be used. A directory that is not in memory
   * is copied there first: it must fit in {@code budget} (null: no limit), or null is answered.
   */
  static ZipDirectory open(PositionalBytes src, MemoryBudget budget) throws IOException {
    long end = src.length();
    int tailLength = (int) Math.min(end, END_RECORD_SIZE + 0xffff);
    PositionalBytes.Window tail = src.window(end - tailLength, tailLength);
    byte[] t = tail.array();
    for (int i = tailLength - END_RECORD_SIZE; i >= 0; i--) {
      int e = tail.offset() + i;
      if (i32(t, e) != END_RECORD || i + END_RECORD_SIZE + u16(t, e + 20) > tailLength) {
        continue;
      }
      int count = u16(t, e + 10);
      long directorySize = u32(t, e + 12);
      long directoryOffset = u32(t, e + 16);
      if (u16(t, e + 4) != 0 || u16(t, e + 6) != 0 || u16(t, e + 8) != count) {
        return null; // split over several disks
      }
      if (count == 0xffff || directorySize == UNKNOWN || directoryOffset == UNKNOWN) {
        return null; // zip64
      }
      long endRecord = end - tailLength + i;
      long directory = endRecord - directorySize;
      long start = directory - directoryOffset;
      if (directory < 0 || start < 0) {
        return null;
      }
      boolean charge = budget != null && !src.inMemory();
      if (charge && !budget.take(directorySize)) {
        return null;
      }
      Runnable release = charge ? () -> budget.give(directorySize) : () -> {};
      boolean ok = false;
      try {
        PositionalBytes.Window dir =
            directorySize <= i
                ? new PositionalBytes.Window(t, e - (int) directorySize, (int) directorySize)
                : src.window(directory, (int) directorySize);
        if (valid(dir, start, directory, count)) {
          ok = true;
          return new ZipDirectory(src, dir, start, directory, count, release);
        }
        return null;
      } finally {
        if (!ok) {
          release.run();
        }
      }
    }
    return null;
  }

  /**
   * Every central header lies in the directory, and every entry's local header and data could lie
   * between the previous entry's and the directory (the local header's own lengths are checked on
   * opening the entry).
   */
  private static boolean valid(
      PositionalBytes.Window window, long start, long directory, int count) {
    byte[] b = window.array();
    int p = window.offset();
    int end = p + window.length();
    long previousEnd = start;
    for (int i = 0; i < count; i++) {
      if (p + CENTRAL_SIZE > end || i32(b, p) != CENTRAL_HEADER) {
        return false;
      }
      long compressed = u32(b, p + 20);
      long size = u32(b, p + 24);
      long next = (long) p + CENTRAL_SIZE + u16(b, p + 28) + u16(b, p + 30) + u16(b, p + 32);
      if (next > end || compressed == UNKNOWN || size == UNKNOWN) {
        return false;
      }
      long local = start + u32(b, p + 42);
      if (local < previousEnd || local + LOCAL_SIZE + compressed > directory) {
        return false;
      }
      previousEnd = local + LOCAL_SIZE + compressed;
      p = (int) next;
    }
    return true;
  }

  @Override
  public String next() {
    endInflater();
    if (seen == entries) {
      name = null;
      return null;
    }
    seen++;
    int p = at;
    method = u16(dir, p + 10);
    compressedSize = u32(dir, p + 20);
    size = u32(dir, p + 24);
    int nameLength = u16(dir, p + 28);
    name = new String(dir, p + CENTRAL_SIZE, nameLength, StandardCharsets.UTF_8);
    local = start + u32(dir, p + 42);
    at = p + CENTRAL_SIZE + nameLength + u16(dir, p + 30) + u16(dir, p + 32);
    nextLocal = seen < entries ? start + u32(dir, at + 42) : directory;
    dataStart = -1;
    return name;
  }

  /** Reads the current entry's local header: where its data starts, which must end in time. */
  private long dataStart() throws IOException {
    if (dataStart < 0) {
      PositionalBytes.Window h = src.window(local, LOCAL_SIZE);
      byte[] b = h.array();
      int o = h.offset();
      if (i32(b, o) != LOCAL_HEADER) {
        throw new ZipException(name + ": no local header where the directory says");
      }
      long data = local + LOCAL_SIZE + u16(b, o + 26) + u16(b, o + 28);
      if (data + compressedSize > nextLocal) {
        throw new ZipException(name + ": data runs into the next entry");
      }
      dataStart = data;
    }
    return dataStart;
  }

  @Override
  public InputStream content() throws IOException {
    if (method == STORED) {
      if (compressedSize != size) {
        throw new ZipException(name + ": stored entry with two sizes");
      }
      return src.stream(dataStart(), compressedSize);
    }
    if (method != DEFLATED) {
      throw new ZipException(name + ": unsupported compression method " + method);
    }
    long data = dataStart();
    endInflater();
    inflater = new Inflater(true);
    return new InflaterInputStream(src.stream(data, compressedSize), inflater, 8192);
  }

  /** The current entry's uncompressed size as the directory states it. */
  long size() {
    return size;
  }

  /** Whether the current entry is stored: {@link #storedBytes()} then holds it as it is. */
  boolean stored() {
    return method == STORED && compressedSize == size;
  }

  /** A stored entry's bytes where they lie, without a copy. */
  PositionalBytes storedBytes() throws IOException {
    if (!stored()) {
      throw new IllegalStateException(name + " is not stored");
    }
    return src.slice(dataStart(), size);
  }

  private void endInflater() {
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }

  @Override
  public void close() {
    endInflater();
    if (seen >= 0) {
      seen = -1;
      release.run();
    }
  }
}
