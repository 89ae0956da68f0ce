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
    "Maven, 2.17.0.1, 2.17.0, 1"
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
