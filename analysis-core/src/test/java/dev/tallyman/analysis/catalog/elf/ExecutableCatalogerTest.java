package dev.tallyman.analysis.catalog.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real binaries: golang/testdata/hello (Go) and rust/testdata/auditable/app (cargo-auditable). */
class ExecutableCatalogerTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "COPY bin");
  private static final String GO = "/dev/tallyman/analysis/catalog/golang/testdata/hello";
  private static final String RUST = "/dev/tallyman/analysis/catalog/rust/testdata/auditable/app";

  private final ExecutableCataloger cataloger = new ExecutableCataloger();
  private final Notes notes = new Notes();

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = ExecutableCatalogerTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }

  /** How the file's bytes reach the cataloger: a plain stream. */
  InputStream content(byte[] bytes) throws IOException {
    return new ByteArrayInputStream(bytes);
  }

  private List<Package> catalog(String path, byte[] content) throws IOException {
    return cataloger.catalog(new ImageFile(path, content.length, content(content), LAYER, notes));
  }

  @Test
  void candidatesAreChosenByPlace() {
    assertThat(cataloger.request().wants("/usr/local/bin/kubectl")).isTrue();
    assertThat(cataloger.request().wants("/usr/bin/python3.11")).isTrue();
    assertThat(cataloger.request().wants("/root/.cargo/bin/ripgrep")).isTrue();
    assertThat(cataloger.request().wants("/manager")).isTrue();
    assertThat(cataloger.request().wants("/app/server")).isTrue();
    assertThat(cataloger.request().wants("/opt/tool/libexec/helper")).isTrue();
    assertThat(cataloger.request().wants("/usr/lib/x86_64-linux-gnu/libc.so.6")).isFalse();
    assertThat(cataloger.request().wants("/etc/passwd")).isFalse();
    assertThat(cataloger.request().wants("/app/config.yaml")).isFalse();
    assertThat(cataloger.request().wants("/usr/share/doc/x/copyright")).isFalse();
  }

  @Test
  void goBinary() throws IOException {
    List<Package> found = catalog("/usr/local/bin/hello", resource(GO));

    assertThat(found)
        .extracting(Package::ecosystem, Package::name, Package::version)
        .contains(
            org.assertj.core.groups.Tuple.tuple("Go", "golang.org/x/mod", "v0.7.0"),
            org.assertj.core.groups.Tuple.tuple("Go", "stdlib", "1.19.8"));
    assertThat(found).hasSize(4).allMatch(p -> p.path().equals("/usr/local/bin/hello"));
    assertThat(notes.list()).isEmpty();
  }

  @Test
  void rustAuditableBinary() throws IOException {
    List<Package> found = catalog("/usr/local/bin/app", resource(RUST));

    // app and helper are the binary's own (local) crates.
    assertThat(found)
        .extracting(Package::purl)
        .containsExactly("pkg:cargo/itoa@1.0.9", "pkg:cargo/smallvec@1.6.0");
    assertThat(found).allMatch(p -> p.ecosystem().equals("crates.io"));
    assertThat(notes.list()).isEmpty();
  }

  @Test
  void plainElfAndScriptsYieldNothing() throws IOException {
    byte[] rust = resource(RUST);
    assertThat(catalog("/bin/sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    // A real ELF without either section: the Rust binary before objcopy added .dep-v0 is
    // represented by renaming the section in a copy.
    byte[] renamed = rust.clone();
    int at = indexOf(renamed, ".dep-v0\0".getBytes(StandardCharsets.ISO_8859_1));
    renamed[at + 1] = 'x';
    assertThat(catalog("/bin/app", renamed)).isEmpty();
    assertThat(notes.list()).isEmpty();
  }

  @Test
  void scriptsAreNotReadPastTheirFirstBytes() throws IOException {
    byte[] script = new byte[1 << 20];
    Arrays.fill(script, (byte) 'x');
    ByteArrayInputStream in = new ByteArrayInputStream(script);
    cataloger.catalog(new ImageFile("/bin/x", script.length, in, LAYER, notes));
    assertThat(script.length - in.available()).isEqualTo(4);
  }

  @Test
  void damagedBinariesAreNotedNotFatal() throws IOException {
    byte[] go = resource(GO);
    // Truncated: the section headers at the end are gone.
    assertThat(catalog("/bin/a", Arrays.copyOf(go, go.length / 2))).isEmpty();
    // A section header table claimed far beyond the file.
    byte[] lying = go.clone();
    ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putLong(0x28, Long.MAX_VALUE - 7);
    assertThat(catalog("/bin/b", lying)).isEmpty();
    // Corrupt compressed audit data.
    byte[] rust = resource(RUST);
    int at = (int) depV0Offset(rust);
    assertThat(rust[at]).isEqualTo((byte) 0x78); // zlib header
    rust[at + 2] ^= (byte) 0xff;
    rust[at + 3] ^= (byte) 0xff;
    assertThat(catalog("/bin/c", rust)).isEmpty();
    assertThat(notes.list()).last().asString().contains("cargo-auditable data in /bin/c");
    assertThat(catalog("/bin/d", new byte[] {0x7f, 'E', 'L', 'F', 9})).isEmpty();
    assertThat(notes.list()).hasSize(4).allMatch(n -> n.startsWith("skipped unreadable"));
  }

  @Test
  void largeBinariesAreReadFromATemporaryCopyWithTheSameResult() throws IOException {
    byte[] go = resource(GO);
    List<Package> fromMemory = catalog("/usr/local/bin/hello", go);
    ExecutableCataloger onDisk = new ExecutableCataloger(1024);
    List<Package> fromCopy =
        onDisk.catalog(
            new ImageFile(
                "/usr/local/bin/hello", go.length, new ByteArrayInputStream(go), LAYER, notes));

    assertThat(fromCopy).hasSize(4).isEqualTo(fromMemory);
    byte[] truncated = Arrays.copyOf(go, go.length / 2);
    assertThat(
            onDisk.catalog(
                new ImageFile(
                    "/bin/a", truncated.length, new ByteArrayInputStream(truncated), LAYER, notes)))
        .isEmpty();
    assertThat(notes.list()).singleElement().asString().startsWith("skipped unreadable executable");
  }

  @Test
  void theTemporaryCopyIsDeleted() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    ExecutableCataloger cataloger = new ExecutableCataloger(0);
    cataloger.catalog(
        new ImageFile(
            "/usr/local/bin/hello",
            resource(GO).length,
            new ByteArrayInputStream(resource(GO)),
            LAYER,
            notes));
    catalog("/bin/d", new byte[] {0x7f, 'E', 'L', 'F', 9});
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("tallyman-elf-"));
    }
  }

  private static long depV0Offset(byte[] binary) throws IOException {
    Path tmp = Files.createTempFile("dep-v0", "");
    try {
      Files.write(tmp, binary);
      try (var ch = java.nio.channels.FileChannel.open(tmp)) {
        return ElfFile.open(ch).section(".dep-v0").orElseThrow().offset();
      }
    } finally {
      Files.delete(tmp);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
