package dev.tallyman.analysis.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionalBytesTest {
  @TempDir Path dir;

  private static final byte[] FILE = new byte[10_000];

  static {
    for (int i = 0; i < FILE.length; i++) {
      FILE[i] = (byte) (i * 31 + 7);
    }
  }

  /** [100, 9100) of FILE, from an array and from a file: both must answer alike. */
  private List<PositionalBytes> both(FileChannel channel) {
    return List.of(PositionalBytes.of(FILE, 100, 9000), PositionalBytes.of(channel, 100, 9000));
  }

  private FileChannel channel() throws IOException {
    Path p = dir.resolve("f");
    Files.write(p, FILE);
    return FileChannel.open(p);
  }

  private static byte[] expected(int from, int len) {
    return Arrays.copyOfRange(FILE, 100 + from, 100 + from + len);
  }

  @Test
  void windowsStreamsAndSlicesReadTheSameBytes() throws IOException {
    try (FileChannel ch = channel()) {
      for (PositionalBytes b : both(ch)) {
        assertThat(b.length()).isEqualTo(9000);
        PositionalBytes.Window w = b.window(500, 64);
        assertThat(Arrays.copyOfRange(w.array(), w.offset(), w.offset() + w.length()))
            .isEqualTo(expected(500, 64));
        assertThat(b.stream(8000, 1000).readAllBytes()).isEqualTo(expected(8000, 1000));
        PositionalBytes slice = b.slice(4000, 2000);
        assertThat(slice.length()).isEqualTo(2000);
        assertThat(slice.stream(10, 20).readAllBytes()).isEqualTo(expected(4010, 20));
        ByteBuffer buf = ByteBuffer.allocate(50);
        assertThat(slice.read(1990, buf)).isEqualTo(10); // only up to the slice's end
        assertThat(Arrays.copyOf(buf.array(), 10)).isEqualTo(expected(5990, 10));
        assertThat(slice.read(2000, ByteBuffer.allocate(1))).isEqualTo(-1);
      }
    }
  }

  @Test
  void rangesOutsideTheBytesAreRefused() throws IOException {
    try (FileChannel ch = channel()) {
      for (PositionalBytes b : both(ch)) {
        assertThatThrownBy(() -> b.window(8990, 11)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.window(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.stream(0, 9001)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.slice(Long.MAX_VALUE, 2))
            .isInstanceOf(IndexOutOfBoundsException.class);
      }
    }
  }

  @Test
  void aFileShorterThanItsRangeIsAnEofNotGarbage() throws IOException {
    try (FileChannel ch = channel()) {
      PositionalBytes beyond = PositionalBytes.of(ch, 9_000, 2_000);
      assertThatThrownBy(() -> beyond.window(0, 2_000)).isInstanceOf(EOFException.class);
      assertThatThrownBy(() -> beyond.stream(0, 2_000).readAllBytes())
          .isInstanceOf(EOFException.class);
      assertThatThrownBy(() -> beyond.read(1_500, ByteBuffer.allocate(10)))
          .isInstanceOf(EOFException.class);
    }
  }

  @Test
  void theChannelViewSeeksAndNeverWritesOrClosesTheFile() throws IOException {
    try (FileChannel ch = channel()) {
      for (PositionalBytes b : both(ch)) {
        SeekableByteChannel c = b.channel();
        assertThat(c.size()).isEqualTo(9000);
        c.position(8990);
        ByteBuffer buf = ByteBuffer.allocate(100);
        assertThat(c.read(buf)).isEqualTo(10);
        assertThat(c.read(buf)).isEqualTo(-1);
        assertThat(c.position()).isEqualTo(9000);
        c.position(3);
        buf = ByteBuffer.allocate(5);
        c.read(buf);
        assertThat(buf.array()).isEqualTo(expected(3, 5));
        assertThatThrownBy(() -> c.write(ByteBuffer.allocate(1)))
            .isInstanceOf(NonWritableChannelException.class);
        c.close();
        assertThatThrownBy(() -> c.read(ByteBuffer.allocate(1)))
            .isInstanceOf(ClosedChannelException.class);
      }
      assertThat(ch.isOpen()).isTrue();
    }
  }

  @Test
  void onlyStreamsThatAreSourcesOfferPositions() {
    PositionalBytes bytes = PositionalBytes.of(FILE, 0, 10);
    class Offering extends ByteArrayInputStream implements PositionalBytes.Source {
      Offering() {
        super(FILE, 0, 10);
      }

      @Override
      public PositionalBytes positional() {
        return bytes;
      }
    }
    assertThat(PositionalBytes.of(new Offering())).containsSame(bytes);
    assertThat(PositionalBytes.of(new ByteArrayInputStream(FILE))).isEmpty();
  }
}
