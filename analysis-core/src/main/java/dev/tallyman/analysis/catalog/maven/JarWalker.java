package dev.tallyman.analysis.catalog.maven;

import static dev.tallyman.analysis.catalog.maven.ZipFormat.*;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Walks a zip (jar) stream by its local file headers, in order, and stops at the central directory:
 * a streamed jar is never searched for its end record and the bytes after the last entry are never
 * read here. Entries nobody opens are never inflated: they are skipped by their declared size or,
 * when a data descriptor carries the sizes after the data (as streaming writers such as {@code
 * ZipOutputStream} do for every entry), by scanning the raw bytes for the descriptor whose
 * compressed size equals the bytes passed. Inflating only to find an entry's end cost more than
 * everything else in an image with many jars. Stored and deflated entries can be read; other
 * methods only skipped. The caller bounds how many bytes it reads.
 */
final class JarWalker implements JarEntries {

  private final InputStream in;
  private final byte[] buf = new byte[32 * 1024];
  private int pos;
  private int lim;
  private final Inflater inflater = new Inflater(true);
  private final byte[] scratch = new byte[8 * 1024];
  private boolean first = true;

  // The current entry.
  private String name;
  private int method;
  private boolean descriptor;
  private boolean zip64;
  private long compressedSize;
  private boolean opened;
  private boolean done = true;
  private long storedLeft;
  private long storedRead;

  JarWalker(InputStream in) {
    this.in = in;
  }

  /** Moves past the current entry; the next entry's name, or null at the central directory. */
  @Override
  public String next() throws IOException {
    if (name != null) {
      finishEntry();
      name = null;
    }
    int sig = readInt();
    if (first && sig == SPANNED_MARKER) {
      sig = readInt();
    }
    first = false;
    if (sig == CENTRAL_HEADER || sig == END_RECORD || sig == ZIP64_END_RECORD) {
      return null;
    }
    if (sig != LOCAL_HEADER) {
      throw new ZipException(String.format("not a zip archive: signature 0x%08x", sig));
    }
    byte[] h = new byte[26];
    readFully(h, 26);
    int flags = u16(h, 2);
    method = u16(h, 4);
    compressedSize = u32(h, 14);
    long size = u32(h, 18);
    int nameLength = u16(h, 22);
    int extraLength = u16(h, 24);
    byte[] rawName = new byte[nameLength];
    readFully(rawName, nameLength);
    byte[] extra = new byte[extraLength];
    readFully(extra, extraLength);
    name = new String(rawName, StandardCharsets.UTF_8);
    descriptor = (flags & 0x08) != 0;
    zip64 = false;
    for (int i = 0; i + 4 <= extraLength; ) {
      int id = u16(extra, i);
      int length = u16(extra, i + 2);
      if (id == 0x0001) {
        zip64 = true;
        int at = i + 4;
        // The local header's zip64 field holds both sizes when either is too large.
        if (size == UNKNOWN && at + 8 <= extraLength) {
          at += 8;
        }
        if (compressedSize == UNKNOWN && at + 8 <= extraLength) {
          compressedSize = u64(extra, at);
        }
      }
      i += 4 + length;
    }
    if (!descriptor && (compressedSize < 0 || compressedSize == UNKNOWN && !zip64)) {
      throw new ZipException(name + ": invalid compressed size");
    }
    opened = false;
    done = false;
    storedLeft = compressedSize;
    storedRead = 0;
    inflater.reset();
    return name;
  }

  @Override
  public InputStream content() throws IOException {
    if (method != STORED && method != DEFLATED) {
      throw new ZipException(name + ": unsupported compression method " + method);
    }
    opened = true;
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return readEntry(b, off, len);
      }

      @Override
      public long skip(long n) throws IOException {
        if (n <= 0 || done) {
          return 0;
        }
        if (method == STORED && !descriptor) {
          long step = Math.min(n, storedLeft);
          skipRaw(step);
          storedLeft -= step;
          return step;
        }
        int r = readEntry(scratch, 0, (int) Math.min(n, scratch.length));
        return Math.max(r, 0);
      }
    };
  }

  private int readEntry(byte[] b, int off, int len) throws IOException {
    if (done || len == 0) {
      return done ? -1 : 0;
    }
    if (method == DEFLATED) {
      return inflate(b, off, len);
    }
    if (descriptor) {
      return readUntilDescriptor(b, off, len);
    }
    if (storedLeft == 0) {
      done = true;
      return -1;
    }
    if (pos == lim && !fill()) {
      throw new EOFException(name + ": truncated entry");
    }
    int n = (int) Math.min(Math.min(len, lim - pos), storedLeft);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    storedLeft -= n;
    return n;
  }

  private int inflate(byte[] b, int off, int len) throws IOException {
    try {
      while (true) {
        int n = inflater.inflate(b, off, len);
        if (n > 0) {
          return n;
        }
        if (inflater.finished() || inflater.needsDictionary()) {
          pos = lim - inflater.getRemaining();
          if (!descriptor) {
            // Writers may leave bytes after the deflate stream; the header's size is the truth.
            long extra = compressedSize - inflater.getBytesRead();
            if (extra > 0) {
              skipRaw(extra);
            }
          }
          done = true;
          return -1;
        }
        if (pos == lim && !fill()) {
          throw new EOFException(name + ": truncated entry");
        }
        inflater.setInput(buf, pos, lim - pos);
        pos = lim;
      }
    } catch (DataFormatException e) {
      throw new ZipException(name + ": " + e.getMessage());
    }
  }

  /**
   * Raw bytes of an entry whose sizes follow it, up to its data descriptor: the first place where a
   * descriptor's compressed size equals the bytes read so far (the rule other streaming readers
   * use). The descriptor's signature is optional; one without it must also be followed by the next
   * header's signature, so that a chance match of four bytes is not taken for the end. With {@code
   * b} null the bytes are passed over, not copied.
   */
  private int readUntilDescriptor(byte[] b, int off, int len) throws IOException {
    int sizeBytes = zip64 ? 8 : 4;
    int need = 8 + 2 * sizeBytes; // signature, crc, two sizes; or crc, two sizes, next signature
    if (lim - pos < need) {
      compact();
      while (lim - pos < need && fillMore()) {}
      if (lim - pos < need) {
        throw new EOFException(name + ": truncated entry (no data descriptor)");
      }
    }
    int i = descriptorAt(pos, lim - need + 1, sizeBytes);
    int n = Math.min(len, i - pos);
    if (n == 0 && i == pos) {
      done = true; // at the descriptor; finishEntry() reads it
      return -1;
    }
    if (b != null) {
      System.arraycopy(buf, pos, b, off, n);
    }
    pos += n;
    storedRead += n;
    return n;
  }

  /**
   * The first candidate descriptor start in {@code [from, end)}, or {@code end}. One pass looks for
   * "PK": followed by 7 8 it opens a signed descriptor there; followed by 3 4 or 1 2 (the next
   * header) it closes an unsigned one that started {@code 4 + 2 * sizeBytes} bytes earlier.
   */
  private int descriptorAt(int from, int end, int sizeBytes) {
    int unsigned = 4 + 2 * sizeBytes;
    int last = Math.min(end + unsigned, lim - 3);
    for (int j = from; j < last; j++) {
      // Two bytes per step while neither can start "PK": when buf[j + 1] is neither 'P' nor 'K',
      // neither j nor j + 1 starts one (a big jar's descriptor scan is most of its walking time).
      byte next = buf[j + 1];
      if (next != 'K') {
        if (next != 'P') {
          j++;
        }
        continue;
      }
      if (buf[j] != 'P') {
        continue;
      }
      byte c = buf[j + 2];
      byte d = buf[j + 3];
      if (c == 7 && d == 8 && j < end && size(j + 8) == storedRead + (j - from)) {
        return j;
      }
      int i = j - unsigned;
      if ((c == 3 && d == 4 || c == 1 && d == 2)
          && i >= from
          && i < end
          && size(i + 4) == storedRead + (i - from)) {
        return i;
      }
    }
    return end;
  }

  private long size(int at) {
    return zip64 ? u64(buf, at) : u32(buf, at);
  }

  private void finishEntry() throws IOException {
    if (!done) {
      if (!descriptor && method == STORED) {
        skipRaw(storedLeft);
      } else if (!descriptor && !opened) {
        skipRaw(compressedSize); // never inflated: the header's size says where it ends
      } else if (!opened) {
        // Raw, whatever the method; null: nothing is copied.
        while (readUntilDescriptor(null, 0, Integer.MAX_VALUE) >= 0) {}
      } else if (method == STORED || method == DEFLATED) {
        while (readEntry(scratch, 0, scratch.length) >= 0) {}
      } else {
        throw new ZipException(
            name + ": cannot find the end of an entry compressed with method " + method);
      }
      done = true;
    }
    if (descriptor) {
      int sig = readInt();
      int rest = zip64 ? 20 : 12;
      if (sig != DATA_DESCRIPTOR) {
        rest -= 4; // the signature is optional; what was read is the crc
      }
      skipRaw(rest);
    }
  }

  private boolean fill() throws IOException {
    pos = 0;
    lim = 0;
    return fillMore();
  }

  /** Appends to the buffer; false at end of stream or when full. */
  private boolean fillMore() throws IOException {
    if (lim == buf.length) {
      return false;
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n <= 0) {
      return false;
    }
    lim += n;
    return true;
  }

  private void compact() {
    System.arraycopy(buf, pos, buf, 0, lim - pos);
    lim -= pos;
    pos = 0;
  }

  private void readFully(byte[] b, int len) throws IOException {
    int off = 0;
    while (off < len) {
      if (pos == lim && !fill()) {
        throw new EOFException("truncated zip archive");
      }
      int n = Math.min(len - off, lim - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      off += n;
    }
  }

  private int readInt() throws IOException {
    byte[] b = new byte[4];
    readFully(b, 4);
    return (int) u32(b, 0);
  }

  private void skipRaw(long n) throws IOException {
    int fromBuffer = (int) Math.min(n, lim - pos);
    pos += fromBuffer;
    n -= fromBuffer;
    while (n > 0) {
      long s = in.skip(n);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new EOFException("truncated zip archive");
        }
        s = 1;
      }
      n -= s;
    }
  }

  @Override
  public void close() {
    inflater.end();
  }
}
