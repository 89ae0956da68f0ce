package dev.tallyman.analysis.layer;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static dev.tallyman.analysis.testing.TestArchives.Entry.symlink;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.maven.MavenCataloger;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.testing.TestArchives;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Byte-level mutations of valid layers and jars: the readers return a result or fail with the
 * documented exception, whatever the bytes. Tries are few so the whole class stays quick.
 */
class LayerReaderPropertiesTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "1".repeat(64), "sha256:" + "2".repeat(64), "", 1, "RUN x");
  private static final LayerLimits LIMITS = new LayerLimits(500, 8L * 1024 * 1024, 64 * 1024);

  private static final byte[] TAR =
      TestArchives.tar(
          file("etc/os-release", "ID=debian\nVERSION_ID=12\n"),
          file("usr/share/data.bin", new byte[2000]),
          symlink("usr/bin/x", "../../../etc/shadow"),
          file("d".repeat(120) + "/long-name-in-pax", "pax"),
          file("app/lib/a.jar", jar()));
  private static final String DIFF_ID = Digests.sha256(TAR);

  private static byte[] jar() {
    Map<String, byte[]> inner = new LinkedHashMap<>();
    inner.put(
        "META-INF/maven/org.example/inner/pom.properties",
        TestArchives.pomProperties("org.example", "inner", "2.0"));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(
        "META-INF/maven/org.example/outer/pom.properties",
        TestArchives.pomProperties("org.example", "outer", "1.0"));
    entries.put("BOOT-INF/lib/inner.jar", TestArchives.jar(Map.of(), inner));
    entries.put("org/example/Outer.class", TestArchives.fakeClass("Outer"));
    return TestArchives.jar(Map.of("Implementation-Title", "outer"), entries);
  }

  /** Flip bits at, truncate at, or insert random bytes at a position (as a fraction of length). */
  record Mutation(int kind, double at, byte mask, byte[] inserted) {
    byte[] apply(byte[] in) {
      int pos = (int) Math.min(in.length - 1, Math.floor(at * in.length));
      return switch (kind) {
        case 0 -> {
          byte[] out = in.clone();
          out[pos] ^= mask == 0 ? 1 : mask;
          yield out;
        }
        case 1 -> Arrays.copyOf(in, pos);
        default -> {
          byte[] out = new byte[in.length + inserted.length];
          System.arraycopy(in, 0, out, 0, pos);
          System.arraycopy(inserted, 0, out, pos, inserted.length);
          System.arraycopy(in, pos, out, pos + inserted.length, in.length - pos);
          yield out;
        }
      };
    }
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.bytes(),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(600))
        .as(Mutation::new);
  }

  private static byte[] encode(byte[] tar, int format) {
    return switch (format) {
      case 1 -> TestArchives.gzip(tar);
      case 2 -> TestArchives.zstd(tar);
      default -> tar;
    };
  }

  /** A reader that wants every file and reads it to the end, like the catalogers may. */
  private static final LayeredView.FileReader<Integer> READ_ALL =
      new LayeredView.FileReader<>() {
        @Override
        public Optional<FileRequest> request(String path) {
          assertThat(LayerPaths.normalize(path)).contains(path); // only normalized paths
          return Optional.of(new FileRequest(p -> true, 1024 * 1024));
        }

        @Override
        public Integer read(String path, long size, InputStream content, LayerInfo layer)
            throws IOException {
          return content.readAllBytes().length;
        }
      };

  @Property(tries = 200)
  void mutatedLayersGiveAResultOrAnAnalysisException(
      @ForAll @IntRange(min = 0, max = 2) int format,
      @ForAll("mutations") Mutation mutation,
      @ForAll boolean verifyDiffId)
      throws IOException {
    byte[] blob = mutation.apply(encode(TAR, format));
    Notes notes = new Notes();
    try (var archive =
        new TarLayerArchive(
            new ByteArrayInputStream(blob), verifyDiffId ? DIFF_ID : null, "fuzz", LIMITS)) {
      var changes = LayeredView.scan(LAYER, archive, READ_ALL, notes);
      assertThat(changes.added().keySet()).allSatisfy(p -> assertThat(p).startsWith("/"));
    } catch (AnalysisException expected) {
      // The documented failure: permanent, with a message naming the layer or the digest.
      assertThat(expected.getMessage()).isNotBlank();
    }
    // Any other exception (runtime or a non-transport IOException) fails the property.
  }

  @Property(tries = 200)
  void mutatedJarsGivePackagesOrNotesNeverExceptions(@ForAll("mutations") Mutation mutation)
      throws IOException {
    byte[] bytes = mutation.apply(jar());
    Notes notes = new Notes();
    var packages =
        new MavenCataloger()
            .catalog(
                new ImageFile(
                    "/app/a.jar", bytes.length, new ByteArrayInputStream(bytes), LAYER, notes));
    assertThat(packages).allSatisfy(p -> assertThat(p.path()).startsWith("/app/a.jar"));
  }

  @Provide
  Arbitrary<String> hostilePaths() {
    Arbitrary<String> segments =
        Arbitraries.oneOf(
            Arbitraries.of(
                "..", ".", "", "a", "etc", "..a", "a..", ".wh.x", "\\..", "\0", "%2e%2e"),
            Arbitraries.strings().ofMaxLength(4));
    return segments
        .list()
        .ofMaxSize(12)
        .flatMap(
            parts ->
                Arbitraries.of("/", "\\", "//", "/./")
                    .map(sep -> (parts.size() % 2 == 0 ? "/" : "") + String.join(sep, parts)));
  }

  @Property(tries = 1000)
  void normalizedPathsNeverLeaveTheRoot(@ForAll("hostilePaths") String name) {
    Optional<String> normalized = LayerPaths.normalize(name);
    normalized.ifPresent(
        p -> {
          assertThat(p).startsWith("/").doesNotContain("\\").doesNotContain("\0");
          assertThat(p.substring(1).split("/", -1)).doesNotContain("..", ".");
          assertThat(p.equals("/") || !p.endsWith("/")).isTrue();
          assertThat(p).doesNotContain("//");
          assertThat(LayerPaths.normalize(p)).contains(p); // idempotent
        });
  }

  @Property(tries = 1000)
  void arbitraryStringsNeverLeaveTheRoot(@ForAll String name) {
    LayerPaths.normalize(name)
        .ifPresent(
            p -> {
              assertThat(p).startsWith("/").doesNotContain("//");
              assertThat(p.substring(1).split("/", -1)).doesNotContain("..", ".");
            });
  }
}
