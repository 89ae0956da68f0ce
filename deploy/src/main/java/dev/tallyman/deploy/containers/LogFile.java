package dev.tallyman.deploy.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.testcontainers.containers.output.OutputFrame;

/** Copies a container's output to a file so tests read logs the same way in both modes. */
final class LogFile implements Consumer<OutputFrame> {
  private final Path file;

  LogFile(Path file) {
    this.file = file;
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path path() {
    return file;
  }

  @Override
  public synchronized void accept(OutputFrame frame) {
    String text = frame.getUtf8String();
    if (text == null || text.isEmpty()) {
      return;
    }
    try {
      Files.write(
          file,
          text.getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // A log line lost is not worth failing a test over.
    }
  }
}
