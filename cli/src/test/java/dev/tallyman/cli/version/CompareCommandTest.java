package dev.tallyman.cli.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.cli.TallymanCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs the real {@code tallyman} entry point with stdin/stdout/stderr redirected. */
class CompareCommandTest {
  private final InputStream realIn = System.in;
  private final PrintStream realOut = System.out;
  private final PrintStream realErr = System.err;
  private ByteArrayOutputStream out;
  private ByteArrayOutputStream err;

  @BeforeEach
  void redirect() {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setIn(realIn);
    System.setOut(realOut);
    System.setErr(realErr);
  }

  private int run(String stdin, String... args) {
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    return TallymanCommand.execute(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource({
    "Debian, 1.0~rc1, 1.0, -1",
    "Debian, 1:0.1, 2.0, 1",
    "debian, 1.0, 1.0-0, 0",
    "Debian:12, 2.36-9+deb12u14, 2.36-9+deb12u4, 1",
    "Maven, 2.14.1, 2.15.0, -1",
    "Maven, 1.0-SNAPSHOT, 1.0, -1",
    "Maven, 1.0, 1.0.0, 0",
    "Maven, 2.17.0.1, 2.17.0, 1",
    "Red Hat, 1:1.1.1k-5.el8_5, 1:1.1.1k-6.el8_5, -1",
    "AlmaLinux:8, 1.0~rc1-1, 1.0-1, -1",
    "Rocky Linux:9, 1.0^git1-1, 1.0-1, 1",
    "openSUSE, 2.37-150400.8.11.1, 2.37-150400.8.14.1, -1",
    "SUSE:Linux Enterprise Server 15, 1:1.0-1, 2.0-1, 1",
    "Alpine:v3.19, 1.2.3-r10, 1.2.3-r9, 1",
    "Wolfi, 1.0_rc1-r0, 1.0-r0, -1",
    "Chainguard, 3.1_p17, 3.1_p16, 1",
    "Ubuntu:22.04:LTS, 2.35-0ubuntu3.4, 2.35-0ubuntu3.10, -1",
    "npm, 1.0.0-beta.11, 1.0.0-beta.2, 1",
    "crates.io, 1.0.0+build, 1.0.0, 0",
    "Go, v0.0.0-20220315160706-3147a52a75dd, v0.1.0, -1",
    "Go, 2.0.0+incompatible, v2.0.0, 0",
    "PyPI, 1.0RC1, 1.0rc1, 0",
    "PyPI, 1!1.0, 2.0, 1",
    "RubyGems, 1.0.0.rc1, 1.0.0, -1",
    "NuGet, 1.0.0-BETA, 1.0.0-beta, 0",
    "NuGet, 1.0.0.1, 1.0, 1",
    "Packagist, 1.0.0-patch1, 1.0.0, 1",
    "Packagist, 1.0.0-dev, 1.0.0-alpha1, -1"
  })
  void comparesTwoVersions(String eco, String a, String b, String expected) {
    assertThat(run("", "version", "compare", "--ecosystem", eco, a, b)).isZero();
    assertThat(stdout().strip()).isEqualTo(expected);
  }

  @Test
  void invalidVersionExitsTwoWithReason() {
    assertThat(run("", "version", "compare", "--ecosystem", "Debian", "1.0-", "1.0")).isEqualTo(2);
    assertThat(stdout()).isEmpty();
    assertThat(stderr()).contains("revision number is empty");
  }

  @Test
  void unknownEcosystemExitsTwo() {
    assertThat(run("", "version", "compare", "-e", "Cobol", "1", "2")).isEqualTo(2);
    assertThat(stderr()).contains("unknown ecosystem 'Cobol'").contains("Debian");
  }

  @Test
  void unknownEcosystemListsEveryScheme() {
    assertThat(run("", "version", "compare", "-e", "Cobol", "1", "2")).isEqualTo(2);
    assertThat(stderr())
        .contains("Red Hat", "AlmaLinux", "Rocky Linux", "openSUSE", "SUSE", "Alpine", "Wolfi")
        .contains("Chainguard", "npm", "crates.io", "Go", "PyPI", "RubyGems", "NuGet", "Packagist")
        .contains("Ubuntu", "Debian", "Maven");
  }

  @Test
  void helpListsTheEcosystems() {
    assertThat(run("", "version", "compare", "--help")).isZero();
    assertThat(stdout()).contains("Rocky Linux", "Packagist", "PyPI", "Wolfi");
  }

  @ParameterizedTest
  @CsvSource({
    "Red Hat, 1.0-, release after '-' is empty",
    "Alpine, 1.0_foo, unknown suffix",
    "npm, 1.0-beta, partial version",
    "crates.io, 01.0.0, leading zero",
    "PyPI, french toast, not a PEP 440 version",
    "RubyGems, 1..0, malformed version number string",
    "NuGet, 1.0.0.0.0, not a NuGet version",
    "Packagist, dev-feature, has no version order"
  })
  void invalidVersionsNameTheReasonPerScheme(String eco, String bad, String reason) {
    assertThat(run("", "version", "compare", "-e", eco, bad, "1.0.0")).isEqualTo(2);
    assertThat(stdout()).isEmpty();
    assertThat(stderr()).contains(reason);
  }

  @Test
  void batchWorksForRpm() {
    String in = "1.0~rc1\t1.0\n1:1.0-1\t2.0-1\n1.0-1.el8\t1.0-1.el8\n1.0^git1\t1.01\n";
    assertThat(run(in, "version", "compare", "--ecosystem", "Rocky Linux:9", "--batch")).isZero();
    assertThat(stdout().lines()).containsExactly("-1", "1", "0", "-1");
  }

  @Test
  void batchWorksForPypiAndStopsAtTheFirstBadLine() {
    String in = "1.0.dev0\t1.0a0\n1.0+local\t1.0\nnot a version\t1.0\n2.0\t1.0\n";
    assertThat(run(in, "version", "compare", "-e", "PyPI", "--batch")).isEqualTo(2);
    assertThat(stdout().lines()).containsExactly("-1", "1");
    assertThat(stderr()).contains("line 3").contains("not a PEP 440 version");
  }

  @Test
  void batchAnswersOneLinePerInputLine() {
    String in = "1.0~rc1\t1.0\n1:0.1\t2.0\r\n1.0\t1.0-0\n";
    assertThat(run(in, "version", "compare", "--ecosystem", "Debian", "--batch")).isZero();
    assertThat(stdout().lines()).containsExactly("-1", "1", "0");
    assertThat(stderr()).isEmpty();
  }

  @Test
  void batchMalformedLineNamesTheLineAndExitsTwo() {
    String in = "1.0\t2.0\nno tab here\n3.0\t1.0\n";
    assertThat(run(in, "version", "compare", "-e", "Maven", "--batch")).isEqualTo(2);
    assertThat(stdout().lines()).containsExactly("-1");
    assertThat(stderr()).contains("line 2").contains("A<TAB>B");
  }

  @Test
  void batchInvalidVersionNamesTheLine() {
    String in = "1.0\t2.0\n1.0\t2.0\n1.0\t:bad\n";
    assertThat(run(in, "version", "compare", "-e", "Debian", "--batch")).isEqualTo(2);
    assertThat(stderr()).contains("line 3").contains("epoch in version is empty");
  }

  @Test
  void batchRejectsOverlongLinesWithoutHoldingThem() {
    String in = "1" + "0".repeat(100_000) + "\t1\n";
    assertThat(run(in, "version", "compare", "-e", "Debian", "--batch")).isEqualTo(2);
    assertThat(stderr()).contains("line 1: longer than");
  }
}
