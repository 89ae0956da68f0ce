package dev.tallyman.advisory.version.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tallyman.advisory.version.VersionVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the vector files are dpkg's truth by asking the real {@code dpkg --compare-versions} on
 * this machine (Debian CI has it). Together with DebianVersionTest this ties our ordering to dpkg.
 */
class DpkgConformanceTest {
  private static final Path DPKG = Path.of("/usr/bin/dpkg");

  @Test
  void everyVectorAgreesWithRealDpkg() throws Exception {
    assumeTrue(Files.isExecutable(DPKG), "dpkg binary not present");
    List<String> failures = new ArrayList<>();
    List<VersionVectors.Vector> vectors =
        VersionVectors.load(getClass(), "testdata/debian-versions.tsv");
    for (VersionVectors.Vector v : vectors) {
      Result r = dpkg(v.a(), v.relation(), v.b());
      if (r.exit != 0 || !r.stderr.isEmpty()) {
        failures.add(v + ": dpkg exit " + r.exit + " " + r.stderr);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void dpkgComplainsAboutEveryVersionWeReject() throws Exception {
    assumeTrue(Files.isExecutable(DPKG), "dpkg binary not present");
    List<String> failures = new ArrayList<>();
    for (String[] row : VersionVectors.lines(getClass(), "testdata/invalid-versions.txt")) {
      Result r = dpkg(row[1], "eq", "1");
      if (!r.stderr.contains("bad syntax")) {
        failures.add("line " + row[0] + " '" + row[1] + "': dpkg said nothing (" + r.exit + ")");
      }
    }
    assertThat(failures).isEmpty();
  }

  private record Result(int exit, String stderr) {}

  private static Result dpkg(String a, String rel, String b)
      throws IOException, InterruptedException {
    // "--" keeps versions starting with '-' from being read as options.
    Process p =
        new ProcessBuilder(DPKG.toString(), "--compare-versions", "--", a, rel, b)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return new Result(p.waitFor(), err);
  }
}
