package dev.tallyman.analysis.catalog.maven;

import static dev.tallyman.analysis.catalog.maven.ZipFormat.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * A jar held in memory, read by its central directory as the JDK's {@code ZipFile} reads it: the
 * names come from the directory, no entry is touched unless opened, and only opened entries are
 * inflated. Streaming has to pass every entry by its local header and scan the raw bytes of most
 * for their data descriptor; from memory that work is not needed at all.
 *
 * <p>{@link #open} answers null for what it does not take on (no end record, zip64, a split
 * archive, entries that overlap, run backwards or past the directory): the caller then walks the
 * same bytes by their local headers, as before. Rejecting overlap also bounds the work a hostile
 * directory can ask for: every byte is opened at most once per level.
 */
final class ZipDirectory implements JarEntries {
  private static final int END_RECORD_SIZE = 22;
  private static final int CENTRAL_SIZE = 46;
  private static final int LOCAL_SIZE = 30;

  private final byte[] buf;
  private final int start; // where the archive's offsets count from (after any launch script)
  private final int entries;
  private int at; // the next central header
  private int seen;

  // The current entry.
  private String name;
  private int method;
  private int dataStart;
  private int compressedSize;
  private long size;
  private Inflater inflater;

  private ZipDirectory(byte[] buf, int start, int directory, int entries) {
    this.buf = buf;
    this.start = start;
    this.at = directory;
    this.entries = entries;
  }

  /** The directory of {@code buf[off, off + len)}, or null if it cannot be read from memory. */
  static ZipDirectory open(byte[] buf, int off, int len) {
    int end = off + len;
    int lowest = Math.max(off, end - END_RECORD_SIZE - 0xffff);
    for (int e = end - END_RECORD_SIZE; e >= lowest; e--) {
      if (i32(buf, e) != END_RECORD || e + END_RECORD_SIZE + u16(buf, e + 20) > end) {
        continue;
      }
      int count = u16(buf, e + 10);
      long directorySize = u32(buf, e + 12);
      long directoryOffset = u32(buf, e + 16);
      if (u16(buf, e + 4) != 0 || u16(buf, e + 6) != 0 || u16(buf, e + 8) != count) {
        return null; // split over several disks
      }
      if (count == 0xffff || directorySize == UNKNOWN || directoryOffset == UNKNOWN) {
        return null; // zip64
      }
      long directory = e - directorySize;
      long start = directory - directoryOffset;
      if (directory < off || start < off) {
        return null;
      }
      return valid(buf, (int) start, (int) directory, e, count)
          ? new ZipDirectory(buf, (int) start, (int) directory, count)
          : null;
    }
    return null;
  }

  /**
   * Every central header lies before the end record, and every entry's local header and data lie
   * between the previous entry's data and the directory.
   */
  private static boolean valid(byte[] b, int start, int directory, int endRecord, int count) {
    int p = directory;
    long previousEnd = start;
    for (int i = 0; i < count; i++) {
      if (p + CENTRAL_SIZE > endRecord || i32(b, p) != CENTRAL_HEADER) {
        return false;
      }
      long compressed = u32(b, p + 20);
      long size = u32(b, p + 24);
      int nameLength = u16(b, p + 28);
      long next = (long) p + CENTRAL_SIZE + nameLength + u16(b, p + 30) + u16(b, p + 32);
      if (next > endRecord || compressed == UNKNOWN || size == UNKNOWN) {
        return false;
      }
      long local = start + u32(b, p + 42);
      if (local < previousEnd
          || local + LOCAL_SIZE > directory
          || i32(b, (int) local) != LOCAL_HEADER) {
        return false;
      }
      long data = local + LOCAL_SIZE + u16(b, (int) local + 26) + u16(b, (int) local + 28);
      previousEnd = data + compressed;
      if (previousEnd > directory) {
        return false;
      }
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
    method = u16(buf, p + 10);
    compressedSize = (int) u32(buf, p + 20);
    size = u32(buf, p + 24);
    int nameLength = u16(buf, p + 28);
    name = new String(buf, p + CENTRAL_SIZE, nameLength, StandardCharsets.UTF_8);
    int local = start + (int) u32(buf, p + 42);
    dataStart = local + LOCAL_SIZE + u16(buf, local + 26) + u16(buf, local + 28);
    at = p + CENTRAL_SIZE + nameLength + u16(buf, p + 30) + u16(buf, p + 32);
    return name;
  }

  @Override
  public InputStream content() throws IOException {
    if (method == STORED) {
      if (compressedSize != size) {
        throw new ZipException(name + ": stored entry with two sizes");
      }
      return new ByteArrayInputStream(buf, dataStart, compressedSize);
    }
    if (method != DEFLATED) {
      throw new ZipException(name + ": unsupported compression method " + method);
    }
    endInflater();
    inflater = new Inflater(true);
    return new InflaterInputStream(
        new ByteArrayInputStream(buf, dataStart, compressedSize), inflater, 8192);
  }

  /** The current entry's uncompressed size as the directory states it. */
  long size() {
    return size;
  }

  /** Whether the current entry is stored: {@link #dataStart()} then holds it as it is. */
  boolean stored() {
    return method == STORED && compressedSize == size;
  }

  int dataStart() {
    return dataStart;
  }

  byte[] buffer() {
    return buf;
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
  }
}
