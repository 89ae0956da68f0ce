package dev.tallyman.analysis.catalog.maven;

import static dev.tallyman.analysis.testing.TestArchives.jar;
import static dev.tallyman.analysis.testing.TestArchives.pomProperties;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.testing.TempFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jar bombs and broken jars: packages that can be read are kept, the rest is a note. */
class HostileJarTest {
  /** The cataloger under test: archives in memory, listed by their central directory. */
  MavenCataloger cataloger() {
    return new MavenCataloger();
  }

  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "COPY");
  private final Notes notes = new Notes();
  private Set<String> tmpBefore;

  @BeforeEach
  void snapshotTmp() {
    tmpBefore = TempFiles.tallymanEntries();
  }

  @AfterEach
  void nothingWritten() {
    assertThat(TempFiles.tallymanEntries()).isEqualTo(tmpBefore);
  }

  private List<Package> catalog(byte[] bytes) throws IOException {
    return catalog(cataloger(), bytes);
  }

  /** How the file's bytes reach the cataloger: a plain stream. */
  InputStream content(byte[] bytes) throws IOException {
    return new ByteArrayInputStream(bytes);
  }

  private List<Package> catalog(MavenCataloger cataloger, byte[] bytes) throws IOException {
    return cataloger.catalog(
        new ImageFile("/app/app.jar", bytes.length, content(bytes), LAYER, notes));
  }

  private static byte[] withPom(String artifact, Map<String, byte[]> more) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(
        "META-INF/maven/org.example/" + artifact + "/pom.properties",
        pomProperties("org.example", artifact, "1.0"));
    entries.putAll(more);
    return jar(Map.of(), entries);
  }

  @Test
  void nestingDeeperThanTheLimitIsSkippedWithAReason() throws IOException {
    byte[] inner = withPom("level5", Map.of());
    for (int level = 4; level >= 1; level--) {
      inner = withPom("level" + level, Map.of("lib/level" + (level + 1) + ".jar", inner));
    }

    List<Package> packages = catalog(inner);

    assertThat(packages)
        .extracting(Package::name)
        .containsExactlyInAnyOrder(
            "org.example:level1", "org.example:level2", "org.example:level3");
    assertThat(notes.list())
        .containsExactly(
            "skipped /app/app.jar!/lib/level2.jar!/lib/level3.jar!/lib/level4.jar: nested deeper"
                + " than 3");
  }

  /**
   * A jar whose nested jar is 300 MB of stored zeros: the outer jar deflates it to well under a
   * megabyte. Built by streaming, so the test never holds the expanded bytes.
   */
  private static byte[] nestedExpansionBomb() throws IOException {
    long innerSize = 300L * 1024 * 1024;
    byte[] chunk = new byte[1024 * 1024];
    CRC32 crc = new CRC32();
    for (long n = 0; n < innerSize; n += chunk.length) {
      crc.update(chunk);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream outer = new ZipOutputStream(bytes)) {
      outer.putNextEntry(new ZipEntry("BOOT-INF/lib/bomb.jar"));
      ZipOutputStream inner =
          new ZipOutputStream(
              new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                  outer.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                  outer.write(b, off, len);
                }
              });
      ZipEntry stored = new ZipEntry("zeros.bin");
      stored.setMethod(ZipEntry.STORED);
      stored.setSize(innerSize);
      stored.setCompressedSize(innerSize);
      stored.setCrc(crc.getValue());
      inner.putNextEntry(stored);
      for (long n = 0; n < innerSize; n += chunk.length) {
        inner.write(chunk);
      }
      inner.closeEntry();
      inner.finish();
      outer.closeEntry();
      outer.putNextEntry(new ZipEntry("BOOT-INF/lib/good.jar"));
      outer.write(withPom("good", Map.of()));
      outer.closeEntry();
    }
    return bytes.toByteArray();
  }

  @Test
  void nestedJarExpandingBeyondTheByteCapIsSkippedAndLaterJarsStillCount() throws IOException {
    byte[] bomb = nestedExpansionBomb();
    assertThat(bomb.length).isLessThan(2 * 1024 * 1024);

    List<Package> packages = catalog(bomb);

    assertThat(packages).extracting(Package::name).containsExactly("org.example:good");
    assertThat(notes.list())
        .singleElement()
        .asString()
        .startsWith("skipped unreadable archive /app/app.jar!/BOOT-INF/lib/bomb.jar:")
        .contains("exceeds the limit of 268435456 bytes");
  }

  @Test
  void hugePomPropertiesIsCappedAndTheSiblingsStillCount() throws IOException {
    byte[] huge = ("groupId=" + "g".repeat(1024 * 1024) + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] inner = withPom("fine", Map.of());
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/maven/evil/evil/pom.properties", huge);
    entries.put("lib/fine.jar", inner);

    List<Package> packages = catalog(jar(Map.of(), entries));

    // The oversized file aborts this archive's scan; the note says which file and the cap.
    assertThat(notes.list())
        .singleElement()
        .asString()
        .contains("/app/app.jar!/META-INF/maven/evil/evil/pom.properties")
        .contains("exceeds the limit of 262144 bytes");
    assertThat(packages).isEmpty();
  }

  @Test
  void garbageAndTruncatedJarsAreNotesNotCrashes() throws IOException {
    byte[] good = withPom("whole", Map.of("a/B.class", new byte[5000]));
    byte[] garbage = "PK\u0003\u0004 but then nothing sensible".getBytes(StandardCharsets.UTF_8);

    assertThat(catalog(garbage)).isEmpty();
    for (int cut = 1; cut < good.length; cut += 97) {
      catalog(java.util.Arrays.copyOf(good, cut)); // must not throw
    }
    assertThat(notes.list())
        .anySatisfy(n -> assertThat(n).startsWith("skipped unreadable archive"));
  }

  @Test
  void memoryTakenForAnArchiveComesBackWhateverBecameOfIt() throws IOException {
    MavenCataloger cataloger = cataloger();
    long whole = cataloger.memoryLeft();
    byte[] good = withPom("outer", Map.of("lib/inner.jar", withPom("inner", Map.of())));
    List<byte[]> jars =
        List.of(
            good,
            nestedExpansionBomb(),
            java.util.Arrays.copyOf(good, good.length / 2),
            "PK\u0003\u0004 junk".getBytes(StandardCharsets.UTF_8));

    for (byte[] jar : jars) {
      catalog(cataloger, jar);
      assertThat(cataloger.memoryLeft()).isEqualTo(whole);
    }
    assertThat(catalog(cataloger, good))
        .extracting(Package::name)
        .containsExactlyInAnyOrder("org.example:outer", "org.example:inner");
  }
}
