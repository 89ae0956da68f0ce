package dev.tallyman.cli.version;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import dev.tallyman.advisory.version.VersionSchemes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tallyman version compare --ecosystem Debian A B} prints -1, 0 or 1; with {@code --batch}
 * it reads {@code A<TAB>B} lines from stdin and prints one answer per line.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare two versions: prints -1 (A < B), 0 (equal) or 1 (A > B).",
      "Exit 2 on an invalid version, unknown ecosystem or malformed batch line."
    })
public final class CompareCommand implements Callable<Integer> {
  static final int MAX_LINE = 4096;
  static final int EXIT_INVALID = 2;

  @Spec CommandSpec spec;

  @Option(
      names = {"-e", "--ecosystem"},
      required = true,
      description = {
        "OSV ecosystem (\"Debian:12\", \"Alpine:v3.19\" work): Debian, Ubuntu (dpkg);"
            + " Red Hat, AlmaLinux, Rocky Linux, SUSE, openSUSE (rpm); Alpine, Wolfi, Chainguard (apk);"
            + " npm, crates.io, Go (SemVer); Maven; PyPI (PEP 440); RubyGems; NuGet; Packagist (Composer)."
      })
  String ecosystem;

  @Option(names = "--batch", description = "Read A<TAB>B lines from stdin, answer one per line.")
  boolean batch;

  @Parameters(arity = "0..2", paramLabel = "VERSION", description = "A and B (not with --batch).")
  String[] versions = new String[0];

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<VersionScheme> scheme = VersionSchemes.forEcosystem(ecosystem);
    if (scheme.isEmpty()) {
      err.println(
          "tallyman version compare: unknown ecosystem '"
              + ecosystem
              + "' (known: "
              + String.join(", ", VersionSchemes.families())
              + ")");
      err.flush();
      return EXIT_INVALID;
    }
    try {
      if (batch) {
        if (versions.length != 0) {
          return fail(err, "--batch reads versions from stdin; do not pass A and B");
        }
        return batch(scheme.get(), out, err);
      }
      if (versions.length != 2) {
        return fail(err, "expected two versions A and B (or --batch)");
      }
      try {
        out.println(scheme.get().compare(versions[0], versions[1]));
        return 0;
      } catch (InvalidVersionException e) {
        return fail(err, e.getMessage());
      }
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int batch(VersionScheme scheme, PrintWriter out, PrintWriter err) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int lineNo = 0;
    String line;
    while ((line = readBoundedLine(in)) != null) {
      lineNo++;
      if (line.length() > MAX_LINE) {
        return fail(err, "line " + lineNo + ": longer than " + MAX_LINE + " characters");
      }
      String[] f = line.split("\t", -1);
      if (f.length != 2 || f[0].isEmpty() || f[1].isEmpty()) {
        return fail(err, "line " + lineNo + ": expected A<TAB>B");
      }
      try {
        out.println(scheme.compare(f[0], f[1]));
      } catch (InvalidVersionException e) {
        return fail(err, "line " + lineNo + ": " + e.getMessage());
      }
    }
    return 0;
  }

  // Reads one line but never holds more than MAX_LINE + 1 chars of it (hostile stdin).
  private static String readBoundedLine(BufferedReader in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    boolean any = false;
    while ((c = in.read()) != -1) {
      any = true;
      if (c == '\n') {
        break;
      }
      if (b.length() <= MAX_LINE) {
        b.append((char) c);
      }
    }
    if (!any) {
      return null;
    }
    int n = b.length();
    if (n > 0 && b.charAt(n - 1) == '\r') {
      b.setLength(n - 1);
    }
    return b.toString();
  }

  private static int fail(PrintWriter err, String message) {
    err.println("tallyman version compare: " + message);
    err.flush();
    return EXIT_INVALID;
  }
}
