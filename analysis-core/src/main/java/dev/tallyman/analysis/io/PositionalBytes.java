package dev.tallyman.analysis.io;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;
import java.util.Optional;

/**
 * Bytes that can be read at any position: a byte array, or a range of a local file such as a file
 * of an uncompressed layer inside a {@code docker save} archive. A reader that needs only a few
 * parts of a large file (a jar's central directory and the entries it names) reads those parts
 * instead of the whole stream; the stream still passes every byte to the layer's digest.
 */
public interface PositionalBytes {
  long length();

  /** {@code len} bytes from {@code position}: in place when they are in memory, else a copy. */
  Window window(long position, int len) throws IOException;

  /** The bytes of {@code [position, position + len)} as a stream. */
  InputStream stream(long position, long len);

  /** The bytes of {@code [position, position + len)}, positions counting from its start. */
  PositionalBytes slice(long position, long len);

  /** Whether {@link #window} answers without copying (the bytes are already in memory). */
  boolean inMemory();

  /**
   * Reads up to {@code dst.remaining()} bytes at {@code position} into {@code dst}; -1 at the end.
   */
  int read(long position, ByteBuffer dst) throws IOException;

  /** A read-only channel over these bytes, for parsers that seek (closing it closes nothing). */
  default SeekableByteChannel channel() {
    return new ReadOnlyChannel(this);
  }

  /** A part of an array: {@code array[offset, offset + length)}. */
  record Window(byte[] array, int offset, int length) {}

  /** A stream that also offers its bytes by position. */
  interface Source {
    /** The same bytes the stream yields, from its start; null when it has none. */
    PositionalBytes positional();
  }

  /** The positional bytes a stream offers, if it is a {@link Source} that has them. */
  static Optional<PositionalBytes> of(InputStream in) {
    return in instanceof Source s ? Optional.ofNullable(s.positional()) : Optional.empty();
  }

  static PositionalBytes of(byte[] array, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, array.length);
    return new ArrayBytes(array, offset, length);
  }

  /**
   * {@code [offset, offset + length)} of an open file. Positional reads do not move the channel and
   * may run concurrently; the channel stays owned (and closed) by the caller.
   */
  static PositionalBytes of(FileChannel channel, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range");
    }
    return new FileBytes(channel, offset, length);
  }

  private static void checkRange(long position, long len, long length) {
    if (position < 0 || len < 0 || position > length - len) {
      throw new IndexOutOfBoundsException(
          "range [" + position + ", +" + len + ") outside " + length + " bytes");
    }
  }

  record ArrayBytes(byte[] array, int offset, int size) implements PositionalBytes {
    @Override
    public long length() {
      return size;
    }

    @Override
    public Window window(long position, int len) {
      checkRange(position, len, size);
      return new Window(array, offset + (int) position, len);
    }

    @Override
    public InputStream stream(long position, long len) {
      checkRange(position, len, size);
      return new ByteArrayInputStream(array, offset + (int) position, (int) len);
    }

    @Override
    public PositionalBytes slice(long position, long len) {
      checkRange(position, len, size);
      return new ArrayBytes(array, offset + (int) position, (int) len);
    }

    @Override
    public boolean inMemory() {
      return true;
    }

    @Override
    public int read(long position, ByteBuffer dst) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), size - position);
      dst.put(array, offset + (int) position, n);
      return n;
    }
  }

  record FileBytes(FileChannel file, long offset, long length) implements PositionalBytes {
    @Override
    public long length() {
      return length;
    }

    @Override
    public Window window(long position, int len) throws IOException {
      checkRange(position, len, length);
      byte[] out = new byte[len];
      ByteBuffer buf = ByteBuffer.wrap(out);
      while (buf.hasRemaining()) {
        if (file.read(buf, offset + position + buf.position()) < 0) {
          throw new EOFException("file ends before its archive entry does (truncated?)");
        }
      }
      return new Window(out, 0, len);
    }

    @Override
    public InputStream stream(long position, long len) {
      checkRange(position, len, length);
      return new RangeStream(file, offset + position, offset + position + len);
    }

    @Override
    public PositionalBytes slice(long position, long len) {
      checkRange(position, len, length);
      return new FileBytes(file, offset + position, len);
    }

    @Override
    public boolean inMemory() {
      return false;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      if (position >= length) {
        return -1;
      }
      if (dst.remaining() > length - position) {
        ByteBuffer part = dst.slice().limit((int) (length - position));
        int n = file.read(part, offset + position);
        if (n > 0) {
          dst.position(dst.position() + n);
        }
        return checked(n);
      }
      return checked(file.read(dst, offset + position));
    }

    private static int checked(int n) throws EOFException {
      if (n < 0) {
        throw new EOFException("file ends before its archive entry does (truncated?)");
      }
      return n;
    }
  }

  /** A seekable, read-only view; reads never move anything but its own position. */
  final class ReadOnlyChannel implements SeekableByteChannel {
    private final PositionalBytes bytes;
    private long position;
    private boolean open = true;

    private ReadOnlyChannel(PositionalBytes bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      ensureOpen();
      if (!dst.hasRemaining()) {
        return 0;
      }
      int n = bytes.read(position, dst);
      if (n > 0) {
        position += n;
      }
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
      ensureOpen();
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      ensureOpen();
      if (newPosition < 0) {
        throw new IllegalArgumentException("negative position");
      }
      position = newPosition;
      return this;
    }

    @Override
    public long size() throws IOException {
      ensureOpen();
      return bytes.length();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
      if (!open) {
        throw new ClosedChannelException();
      }
    }
  }

  /** Positional reads over a channel it does not own (closing it leaves the channel open). */
  final class RangeStream extends InputStream {
    private final FileChannel channel;
    private final long end;
    private long pos;

    private RangeStream(FileChannel channel, long pos, long end) {
      this.channel = channel;
      this.pos = pos;
      this.end = end;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (pos >= end) {
        return -1;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
      if (n < 0) {
        throw new EOFException("file ends before its archive entry does (truncated?)");
      }
      pos += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long step = Math.max(0, Math.min(n, end - pos));
      pos += step;
      return step;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - pos);
    }
  }
}
