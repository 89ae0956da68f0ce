package dev.tallyman.advisory.version.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tallyman.advisory.version.ReferenceProcess;
import dev.tallyman.advisory.version.VersionVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the Go vectors (and the SemVer vectors in Go's v-form) are golang.org/x/mod/semver's
 * truth: Debian's golang-golang-x-mod-dev compiled by golang-go in GOPATH mode, one process for
 * every vector. Skipped only when go or the x/mod sources are absent.
 */
class GoSemverConformanceTest {
  private static final Path GOPATH = Path.of("/usr/share/gocode");
  private static final Path DIR = Path.of("target", "go-semver-ref").toAbsolutePath();
  private static final String PROGRAM =
      """
      package main

      import (
      	"bufio"
      	"fmt"
      	"os"
      	"strings"

      	"golang.org/x/mod/semver"
      )

      func v(s string) string {
      	if strings.HasPrefix(s, "v") {
      		return s
      	}
      	return "v" + s
      }

      // "A<TAB>B" prints Compare(A, B), or "invalid" when either is not valid.
      func main() {
      	in := bufio.NewScanner(os.Stdin)
      	out := bufio.NewWriter(os.Stdout)
      	defer out.Flush()
      	for in.Scan() {
      		f := strings.Split(in.Text(), "\\t")
      		a, b := v(f[0]), v(f[1])
      		if !semver.IsValid(a) || !semver.IsValid(b) {
      			fmt.Fprintln(out, "invalid")
      			continue
      		}
      		fmt.Fprintln(out, semver.Compare(a, b))
      	}
      }
      """;

  private static boolean ready;

  @BeforeAll
  static void writeProgram() throws IOException {
    ready =
        Files.isRegularFile(GOPATH.resolve("src/golang.org/x/mod/semver/semver.go"))
            && ReferenceProcess.available(null, "go", "version");
    if (ready) {
      Files.createDirectories(DIR.resolve("cache"));
      Files.writeString(DIR.resolve("main.go"), PROGRAM);
    }
  }

  private static List<String> go(List<String> lines) {
    Map<String, String> env =
        Map.of(
            "GO111MODULE",
            "off",
            "GOPATH",
            GOPATH.toString(),
            "GOCACHE",
            DIR.resolve("cache").toString(),
            "GOFLAGS",
            "");
    return ReferenceProcess.run(DIR, env, lines, "go", "run", "main.go");
  }

  @Test
  void everyGoVectorAgreesWithXModSemver() {
    assumeTrue(ready, "go or golang-golang-x-mod-dev not installed");
    List<VersionVectors.Vector> vectors =
        new ArrayList<>(VersionVectors.load(getClass(), "testdata/go-versions.tsv"));
    vectors.addAll(VersionVectors.load(getClass(), "testdata/semver-versions.tsv"));
    List<String> answers = go(ReferenceProcess.pairs(vectors));
    assertThat(ReferenceProcess.mismatches(vectors, answers)).isEmpty();
    assertThat(vectors).hasSizeGreaterThan(350);
  }

  @Test
  void xModRejectsEveryVersionWeReject() {
    assumeTrue(ready, "go or golang-golang-x-mod-dev not installed");
    List<String> invalid =
        VersionVectors.lines(getClass(), "testdata/invalid-versions.txt").stream()
            .map(r -> r[1] + "\t1.0.0")
            .toList();
    assertThat(go(invalid)).hasSize(invalid.size()).containsOnly("invalid");
  }
}
