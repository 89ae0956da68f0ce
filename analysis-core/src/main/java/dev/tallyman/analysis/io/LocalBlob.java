package dev.tallyman.analysis.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a blob lies, as it is, in a local file: its own read-only channel (closed with this), so
 * that the blob can be read by position while it is also streamed.
 */
public final class LocalBlob implements Closeable {
  private final FileChannel channel;
  private final long offset;
  private final long length;

  private LocalBlob(FileChannel channel, long offset, long length) {
    this.channel = channel;
    this.offset = offset;
    this.length = length;
  }

  /** {@code [offset, offset + length)} of {@code file}, which must be that long. */
  public static LocalBlob open(Path file, long offset, long length, boolean followLinks)
      throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range");
    }
    OpenOption[] options =
        followLinks
            ? new OpenOption[] {StandardOpenOption.READ}
            : new OpenOption[] {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};
    FileChannel channel = FileChannel.open(file, options);
    if (channel.size() - offset < length) {
      channel.close();
      throw new IOException(file + " ends before its blob does (truncated?)");
    }
    return new LocalBlob(channel, offset, length);
  }

  public long length() {
    return length;
  }

  /** The blob's bytes from {@code position}, {@code len} of them, read by position. */
  public PositionalBytes bytes(long position, long len) {
    if (position < 0 || len < 0 || position > length - len) {
      throw new IndexOutOfBoundsException("range outside the blob");
    }
    return PositionalBytes.of(channel, offset + position, len);
  }

  /** The whole blob, read in order through a buffer (see {@link Stream}). */
  public Stream stream() {
    return new Stream();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /**
   * Sequential positional reads through a 64 KiB buffer. While {@linkplain #skipping(boolean)
   * skipping}, reads only move the position: they return how many bytes they passed and leave the
   * caller's array untouched. A tar reader draining entries nobody reads then costs no I/O for
   * them, for a blob whose digest is checked apart.
   */
  public final class Stream extends InputStream {
    private final PositionalBytes whole = bytes(0, length);
    private final byte[] buf = new byte[64 * 1024];
    private int at; // next byte in buf
    private int filled; // bytes in buf
    private long next; // blob position of buf[filled]
    private boolean skipping;

    private Stream() {}

    public void skipping(boolean skipping) {
      this.skipping = skipping;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (at == filled) {
        if (next >= length) {
          return -1;
        }
        if (skipping || len >= buf.length) {
          int n = (int) Math.min(len, length - next);
          if (!skipping) {
            n = readAt(next, b, off, n);
          }
          next += n;
          return n;
        }
        filled = readAt(next, buf, 0, (int) Math.min(buf.length, length - next));
        next += filled;
        at = 0;
      }
      int n = Math.min(len, filled - at);
      if (!skipping) {
        System.arraycopy(buf, at, b, off, n);
      }
      at += n;
      return n;
    }

    private int readAt(long position, byte[] b, int off, int len) throws IOException {
      return whole.read(position, java.nio.ByteBuffer.wrap(b, off, len)); // EOF: an exception
    }

    @Override
    public long skip(long n) throws IOException {
      long left = Math.max(0, n);
      int fromBuf = (int) Math.min(left, filled - at);
      at += fromBuf;
      long fromFile = Math.min(left - fromBuf, length - next);
      next += fromFile;
      return fromBuf + fromFile;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, filled - at + length - next);
    }
  }
}
