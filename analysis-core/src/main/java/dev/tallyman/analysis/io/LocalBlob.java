package dev.tallyman.analysis.io;

import java.io.Closeable;
import java.io.IOException;
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

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
