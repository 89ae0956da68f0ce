package dev.tallyman.analysis.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * File contents offered the way an uncompressed layer of a local archive offers them: a stream that
 * also reads by position, from a file in which the bytes sit between unrelated ones (so that a
 * reader using the wrong offset reads garbage). As a JUnit extension ({@code @RegisterExtension})
 * it checks after each test that every file was read by position only and that the reader left the
 * channel open, then cleans up.
 */
public final class LocalContent implements Closeable, AfterEachCallback {
  private static final int BEFORE = 1000;
  private static final int AFTER = 333;

  private Path dir;
  private final List<FileChannel> channels = new ArrayList<>();
  private final List<Stream> streams = new ArrayList<>();

  public InputStream of(byte[] bytes) throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("local-content");
    }
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
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      assertThat(streamsUntouched()).as("read by position only").isTrue();
      assertThat(allOpen()).as("the shared channels left open").isTrue();
    } finally {
      close();
    }
  }

  @Override
  public void close() throws IOException {
    for (FileChannel c : channels) {
      c.close();
    }
    channels.clear();
    streams.clear();
    if (dir != null) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
      dir = null;
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
