package dev.tallyman.analysis.testing;

import dev.tallyman.analysis.io.PositionalBytes;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * File contents offered the way an uncompressed layer of a local archive offers them: a stream that
 * also reads by position, from a file in which the bytes sit between unrelated ones (so that a
 * reader using the wrong offset reads garbage).
 */
public final class LocalContent implements Closeable {
  private static final int BEFORE = 1000;
  private static final int AFTER = 333;

  private final Path dir;
  private final List<FileChannel> channels = new ArrayList<>();
  private final List<Stream> streams = new ArrayList<>();

  public LocalContent(Path dir) {
    this.dir = dir;
  }

  public InputStream of(byte[] bytes) throws IOException {
    byte[] file = new byte[BEFORE + bytes.length + AFTER];
    java.util.Arrays.fill(file, (byte) 'P'); // 'P' as in "PK": a wrong offset finds no header
    System.arraycopy(bytes, 0, file, BEFORE, bytes.length);
    Path p = Files.createTempFile(dir, "content", ".bin");
    Files.write(p, file);
    FileChannel channel = FileChannel.open(p, StandardOpenOption.READ);
    channels.add(channel);
    Stream stream =
        new Stream(
            new ByteArrayInputStream(bytes), PositionalBytes.of(channel, BEFORE, bytes.length));
    streams.add(stream);
    return stream;
  }

  /** Whether no byte was taken from the streams: everything was read by position. */
  public boolean streamsUntouched() {
    return streams.stream().allMatch(s -> s.untouched());
  }

  /** Whether every channel handed out is still open: readers must never close it. */
  public boolean allOpen() {
    return channels.stream().allMatch(FileChannel::isOpen);
  }

  @Override
  public void close() throws IOException {
    for (FileChannel c : channels) {
      c.close();
    }
  }

  private static final class Stream extends FilterInputStream implements PositionalBytes.Source {
    private final PositionalBytes bytes;

    Stream(ByteArrayInputStream in, PositionalBytes bytes) {
      super(in);
      this.bytes = bytes;
    }

    boolean untouched() {
      return ((ByteArrayInputStream) in).available() == bytes.length();
    }

    @Override
    public PositionalBytes positional() {
      return bytes;
    }
  }
}
