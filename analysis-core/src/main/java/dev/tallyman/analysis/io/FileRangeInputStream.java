package dev.tallyman.analysis.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A byte range of a file with its own channel and positional reads, so that several ranges of one
 * archive can be streamed by different threads at once.
 */
public final class FileRangeInputStream extends InputStream {
  private final FileChannel channel;
  private final long end;
  private long pos;

  public FileRangeInputStream(Path file, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range");
    }
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.pos = offset;
    this.end = offset + length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    long left = end - pos;
    if (left <= 0) {
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), pos);
    if (n < 0) {
      throw new IOException("file ends before its archive entry does (truncated?)");
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

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
