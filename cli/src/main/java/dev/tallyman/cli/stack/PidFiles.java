package dev.tallyman.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * .tallyman/pids/NAME.pid: the PID and the process start time. The start time guards against a
 * recycled PID: a process is only "ours" when both match.
 */
public final class PidFiles {
  private final Path dir;

  public PidFiles(Path dir) {
    this.dir = dir;
  }

  /** One recorded process. {@code startMillis} 0 = unknown (then the PID alone decides). */
  public record Entry(String name, long pid, long startMillis) {
    /** The live process, if this PID still names the process we started. */
    public Optional<ProcessHandle> handle() {
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              h ->
                  startMillis == 0
                      || h.info()
                          .startInstant()
                          .map(i -> Math.abs(i.toEpochMilli() - startMillis) < 2000)
                          .orElse(true));
    }

    public boolean running() {
      return handle().isPresent();
    }
  }

  public void write(String name, long pid) {
    long start =
        ProcessHandle.of(pid)
            .flatMap(h -> h.info().startInstant())
            .map(Instant::toEpochMilli)
            .orElse(0L);
    try {
      Files.createDirectories(dir);
      Files.writeString(file(name), pid + "\n" + start + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Entry> read(String name) {
    Path f = file(name);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(f);
      long pid = Long.parseLong(lines.get(0).strip());
      long start =
          lines.size() > 1 && !lines.get(1).isBlank() ? Long.parseLong(lines.get(1).strip()) : 0;
      return Optional.of(new Entry(name, pid, start));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or garbage: treat as not running
    }
  }

  /** Every recorded name (pid files present), sorted. */
  public List<String> names() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      List<String> names = new ArrayList<>();
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".pid"))
          .sorted()
          .forEach(n -> names.add(n.substring(0, n.length() - 4)));
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void remove(String name) {
    try {
      Files.deleteIfExists(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path file(String name) {
    if (!name.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("bad part name: " + name);
    }
    return dir.resolve(name + ".pid");
  }
}
