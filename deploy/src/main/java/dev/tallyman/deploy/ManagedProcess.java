package dev.tallyman.deploy;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One OS process of the local stack: output goes to a log file, it is known by PID and stopped by
 * PID (its whole process tree: destroy, then destroyForcibly). Never by name.
 */
public final class ManagedProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(20);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final String name;
  private final Process process;
  private final Path logFile;
  private final long logStart;

  private ManagedProcess(String name, Process process, Path logFile, long logStart) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.logStart = logStart;
  }

  /**
   * Starts {@code command} with stdin from /dev/null and stdout+stderr appended to {@code logFile}.
   * A {@code detached} process gets its own session (setsid) so it outlives this JVM and the
   * terminal.
   */
  public static ManagedProcess start(
      String name,
      List<String> command,
      Map<String, String> env,
      Path workingDir,
      Path logFile,
      boolean detached) {
    List<String> cmd = new ArrayList<>();
    if (detached && Files.isExecutable(SETSID)) {
      cmd.add(SETSID.toString());
    }
    cmd.addAll(command);
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(workingDir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      pb.environment().putAll(env);
      long logStart = Files.isRegularFile(logFile) ? Files.size(logFile) : 0;
      return new ManagedProcess(name, pb.start(), logFile, logStart);
    } catch (IOException e) {
      throw new StartFailure("cannot start " + name + " (" + String.join(" ", cmd) + "): " + e, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  public Process process() {
    return process;
  }

  /**
   * Polls {@code ready} until it holds; throws a {@link StartFailure} with the log tail when the
   * process exits first or the timeout passes (and then stops the process).
   */
  public void awaitReady(Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean ok;
      try {
        ok = ready.getAsBoolean();
      } catch (RuntimeException e) {
        ok = false;
      }
      if (ok) {
        return;
      }
      if (!process.isAlive()) {
        throw new StartFailure(
            name
                + " exited with code "
                + process.exitValue()
                + " before it was ready; log "
                + logFile
                + " ends with:\n"
                + tail(logFile, 40));
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new StartFailure(
            name
                + " was not ready within "
                + timeout.toSeconds()
                + "s (stopped it); log "
                + logFile
                + " ends with:\n"
                + tail(logFile, 40));
      }
      sleep(250);
    }
  }

  /** Runs a short-lived command to completion; fails with its output when it exits non-zero. */
  public static String run(String name, List<String> command, Path workingDir, Duration timeout) {
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(workingDir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes(); // small outputs only (tools, not servers)
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        killTree(p.pid(), Duration.ofSeconds(2));
        throw new StartFailure(name + " timed out after " + timeout.toSeconds() + "s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new StartFailure(name + " failed with exit code " + p.exitValue() + ":\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new StartFailure("cannot run " + name + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartFailure(name + " interrupted", e);
    }
  }

  /** Stops the process tree (destroy, wait, destroyForcibly). Idempotent. */
  @Override
  public void close() {
    killTree(process.pid(), GRACE);
  }

  /**
   * Stops {@code pid} and all its descendants: SIGTERM first, SIGKILL for whatever is still alive
   * after {@code grace}. Returns false when no such process existed.
   */
  public static boolean killTree(long pid, Duration grace) {
    Optional<ProcessHandle> root = ProcessHandle.of(pid);
    if (root.isEmpty()) {
      return false;
    }
    List<ProcessHandle> all = new ArrayList<>();
    all.add(root.get());
    root.get().descendants().forEach(all::add);
    // Descendants (the real servers behind launchers) first, so launchers see a clean exit.
    for (int i = all.size() - 1; i >= 0; i--) {
      all.get(i).destroy();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : all) {
      while (h.isAlive() && System.nanoTime() < deadline) {
        sleep(100);
      }
    }
    for (ProcessHandle h : all) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // best effort: a zombie of another parent may never be reaped by us
      }
    }
    return true;
  }

  /** The last {@code lines} lines of a (possibly large) log file, or a note when it is missing. */
  public static String tail(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return "(no log at " + file + ")";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long len = raf.length();
      int max = (int) Math.min(len, 64 * 1024);
      byte[] buf = new byte[max];
      raf.seek(len - max);
      raf.readFully(buf);
      String[] all = new String(buf, StandardCharsets.UTF_8).split("\n", -1);
      int from = Math.max(0, all.length - lines - 1);
      return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length)).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * True when this run's output (not an earlier run appended to the same log) contains {@code
   * text}.
   */
  public boolean logContains(String text) {
    if (!Files.isRegularFile(logFile)) {
      return false;
    }
    try (RandomAccessFile raf = new RandomAccessFile(logFile.toFile(), "r")) {
      long len = raf.length();
      if (len <= logStart) {
        return false;
      }
      byte[] buf = new byte[(int) Math.min(len - logStart, 32L * 1024 * 1024)];
      raf.seek(logStart);
      raf.readFully(buf);
      return new String(buf, StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** True when the file contains {@code text} (scans the whole file; logs here are small). */
  public static boolean logContains(Path file, String text) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
      return lines.anyMatch(l -> l.contains(text));
    } catch (IOException | UncheckedIOException e) {
      return false; // a file being rotated: try again on the next poll
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartFailure("interrupted", e);
    }
  }
}
