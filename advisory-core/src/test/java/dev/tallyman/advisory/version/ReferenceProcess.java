package dev.tallyman.advisory.version;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an ecosystem's reference implementation once for a whole vector file: every {@code A<TAB>B}
 * line goes to stdin, one answer per line comes back. One process per scheme keeps the conformance
 * tests fast.
 */
public final class ReferenceProcess {
  private ReferenceProcess() {}

  /** True when the command runs and exits 0 (used to skip when a reference is absent). */
  public static boolean available(Path workDir, String... command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(workDir == null ? null : workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Feeds the lines to the command's stdin and returns its stdout lines; fails on exit != 0. */
  public static List<String> run(Path workDir, List<String> stdinLines, String... command) {
    return run(workDir, java.util.Map.of(), stdinLines, command);
  }

  /** As {@link #run(Path, List, String...)} with extra environment variables. */
  public static List<String> run(
      Path workDir, java.util.Map<String, String> env, List<String> stdinLines, String... command) {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command).directory(workDir == null ? null : workDir.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      try (OutputStream in = p.getOutputStream()) {
        for (String line : stdinLines) {
          in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command[0] + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            command[0] + " exited " + p.exitValue() + ": " + err.join().strip());
      }
      return out.join().lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(java.io.InputStream s) {
    try {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Vectors as stdin lines "A<TAB>B". */
  public static List<String> pairs(List<VersionVectors.Vector> vectors) {
    return vectors.stream().map(v -> v.a() + "\t" + v.b()).toList();
  }

  /** Mismatches between the vectors and the reference's -1/0/1 answers, one message each. */
  public static List<String> mismatches(List<VersionVectors.Vector> vectors, List<String> answers) {
    if (answers.size() != vectors.size()) {
      return List.of("reference answered " + answers.size() + " of " + vectors.size() + " lines");
    }
    java.util.ArrayList<String> bad = new java.util.ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      String got = answers.get(i).strip();
      if (!got.equals(Integer.toString(vectors.get(i).expected()))) {
        bad.add(vectors.get(i) + ": reference says " + got);
      }
    }
    return bad;
  }
}
