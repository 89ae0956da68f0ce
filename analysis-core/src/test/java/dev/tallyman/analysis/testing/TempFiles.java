package dev.tallyman.analysis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the analyzer could have written to java.io.tmpdir (its only sandbox: the rpmdb copy is the
 * one thing it ever writes, as {@code tallyman-*}). analysis-core's surefire points tmpdir at
 * target/ so other builds on the machine cannot disturb the snapshot.
 */
public final class TempFiles {
  private TempFiles() {}

  public static Set<String> tallymanEntries() {
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> files = Files.list(tmp)) {
      Set<String> out = new TreeSet<>();
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("tallyman"))
          .forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
