package dev.tallyman.analysis.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A byte range of a file with its own channel and positional reads, so that several ranges of one
 * archive can be streamed by different threads at once. Closing it closes the channel.
 */
public final class FileRangeInputStream extends FilterInputStream {
  private final FileChannel channel;

  public FileRangeInputStream(Path file, long offset, long length) throws IOException {
    this(FileChannel.open(file, StandardOpenOption.READ), offset, length);
  }

  private FileRangeInputStream(FileChannel channel, long offset, long length) {
    super(range(channel, offset, length));
    this.channel = channel;
  }

  private static java.io.InputStream range(FileChannel channel, long offset, long length) {
    try {
      return PositionalBytes.of(channel, offset, length).stream(0, length);
    } catch (RuntimeException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
