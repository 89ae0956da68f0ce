package dev.tallyman.analysis.catalog.golang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.elf.ElfFile;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** testdata/hello is a real Go 1.19 binary; the reference is {@code go version -m} (README). */
class GoBuildInfoTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "COPY hello");

  private Path hello() throws URISyntaxException {
    return Path.of(getClass().getResource("testdata/hello").toURI());
  }

  private GoBuildInfo.Info read() throws Exception {
    try (FileChannel ch = FileChannel.open(hello())) {
      return GoBuildInfo.read(ElfFile.open(ch)).orElseThrow();
    }
  }

  /** The module lines of {@code go version -m} output, re-rendered from our parse. */
  private static List<String> render(GoBuildInfo.Info info) {
    List<String> out = new ArrayList<>();
    out.add("hello: " + info.goVersion());
    out.add("\tpath\t" + info.path());
    out.add("\tmod\t" + info.main().path() + "\t" + info.main().version());
    for (GoBuildInfo.Module d : info.deps()) {
      out.add("\tdep\t" + d.path() + "\t" + d.version());
      if (d.replacement() != null) {
        out.add("\t=>\t" + d.replacement().path() + "\t" + d.replacement().version());
      }
    }
    return out;
  }

  /** The reference output without build settings, trailing tabs and empty sum columns. */
  private static List<String> modules(String goVersionM) {
    List<String> out = new ArrayList<>();
    for (String line : goVersionM.split("\n")) {
      String l = line.replaceAll("\\s+$", "");
      if (!l.isBlank() && !l.startsWith("\tbuild\t")) {
        out.add(l);
      }
    }
    return out;
  }

  @Test
  void matchesTheRecordedGoVersionOutput() throws Exception {
    String recorded;
    try (InputStream in = getClass().getResourceAsStream("testdata/hello.go-version-m.txt")) {
      recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    GoBuildInfo.Info info = read();

    assertThat(render(info)).isEqualTo(modules(recorded));
    assertThat(info.goVersion()).isEqualTo("go1.19.8");
    assertThat(info.deps()).hasSize(2);
  }

  /** Where the reference tool is installed (CI installs golang-go), ask it directly. */
  @Test
  void matchesGoVersionOnThisMachineWhenGoIsInstalled() throws Exception {
    GoBuildInfo.Info info = read();
    Path go = onPath("go");
    if (go == null) {
      // Without the toolchain the recorded output (previous test) is the reference.
      assertThat(info.path()).isEqualTo("example.com/tallyman/hello");
      return;
    }
    Path copy = Files.createTempDirectory("go-version-m").resolve("hello");
    Files.copy(hello(), copy);
    Process p =
        new ProcessBuilder(go.toString(), "version", "-m", copy.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Files.delete(copy);
    Files.delete(copy.getParent());
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(render(info)).isEqualTo(modules(output.replace(copy.toString(), "hello")));
  }

  @Test
  void packagesCarryTheReplacementAndTheStandardLibrary() throws Exception {
    List<Package> found = GoPackages.of(read(), "/usr/local/bin/hello", LAYER);

    assertThat(found)
        .extracting(Package::name, Package::version, Package::purl)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "example.com/tallyman/hello",
                "(devel)",
                "pkg:golang/example.com/tallyman/hello@%28devel%29"),
            org.assertj.core.groups.Tuple.tuple(
                "example.com/tallyman/greet-fork",
                "v1.2.4",
                "pkg:golang/example.com/tallyman/greet-fork@v1.2.4"),
            org.assertj.core.groups.Tuple.tuple(
                "golang.org/x/mod", "v0.7.0", "pkg:golang/golang.org/x/mod@v0.7.0"),
            org.assertj.core.groups.Tuple.tuple("stdlib", "1.19.8", "pkg:golang/stdlib@1.19.8"));
    assertThat(found)
        .allSatisfy(
            p -> {
              assertThat(p.ecosystem()).isEqualTo("Go");
              assertThat(p.path()).isEqualTo("/usr/local/bin/hello");
              assertThat(p.layer()).isEqualTo(LAYER);
            });
  }

  @Test
  void localDirectoryReplacementsKeepTheRequiredModule() {
    GoBuildInfo.Info info =
        GoBuildInfo.parse(
            "go1.22.1 X:boringcrypto",
            "path\tex.com/a\nmod\tex.com/a\tv1.0.0\th1:x=\n"
                + "dep\tex.com/b\tv0.1.0\n=>\t./b\t(devel)\t\n"
                + "dep\tex.com/c\tv2.0.0+incompatible\th1:y=\n");
    List<Package> found = GoPackages.of(info, "/app/a", LAYER);
    assertThat(found)
        .extracting(Package::purl)
        .containsExactly(
            "pkg:golang/ex.com/a@v1.0.0",
            "pkg:golang/ex.com/b@v0.1.0",
            "pkg:golang/ex.com/c@v2.0.0%2Bincompatible",
            "pkg:golang/stdlib@1.22.1");
  }

  @Test
  void stdlibVersions() {
    assertThat(GoPackages.stdlibVersion("go1.21")).isEqualTo("1.21");
    assertThat(GoPackages.stdlibVersion("go1.20.1 X:boringcrypto")).isEqualTo("1.20.1");
    assertThat(GoPackages.stdlibVersion("devel go1.23-abcdef")).isEmpty();
  }

  private static Path onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
