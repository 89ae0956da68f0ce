package dev.tallyman.analysis;

import static dev.tallyman.analysis.testing.TestArchives.Entry.executable;
import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static dev.tallyman.analysis.testing.TestArchives.Entry.symlink;
import static dev.tallyman.analysis.testing.TestArchives.Entry.whiteout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.io.PositionalBytes;
import dev.tallyman.analysis.layer.EntryKind;
import dev.tallyman.analysis.layer.LayerArchive;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.oci.ImageIndex;
import dev.tallyman.analysis.oci.ImageManifest;
import dev.tallyman.analysis.oci.Manifests;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.source.ImageSource;
import dev.tallyman.analysis.source.ImageSources;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of uncompressed layers in local archives ({@code docker save}, old and new style, and OCI
 * directories) are read where they lie, by position. The SBOM is the same as when the same layers
 * are streamed from gzip blobs.
 */
class LocalLayersTest {
  @TempDir Path tmp;

  private static byte[] testdata(String resource) {
    try (var in = LocalLayersTest.class.getResourceAsStream("/dev/tallyman/analysis/" + resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Spring Boot style jar: its libraries are stored (not deflated) under BOOT-INF/lib. */
  private static byte[] bootJar() {
    byte[] inner =
        TestArchives.jar(
            Map.of(),
            Map.of(
                "META-INF/maven/org.example/inner/pom.properties",
                TestArchives.pomProperties("org.example", "inner", "2.0")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("META-INF/maven/org.example/boot/pom.properties"));
      zip.write(TestArchives.pomProperties("org.example", "boot", "1.0"));
      ZipEntry lib = new ZipEntry("BOOT-INF/lib/inner-2.0.jar");
      CRC32 crc = new CRC32();
      crc.update(inner);
      lib.setMethod(ZipEntry.STORED);
      lib.setSize(inner.length);
      lib.setCompressedSize(inner.length);
      lib.setCrc(crc.getValue());
      zip.putNextEntry(lib);
      zip.write(inner);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static List<byte[]> layers() {
    byte[] os =
        TestArchives.tar(
            file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n"),
            file(
                "var/lib/dpkg/status",
                "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\n"
                    + "Source: zlib\nVersion: 1:1.2.13.dfsg-1\n"));
    byte[] binaries =
        TestArchives.tar(
            executable("usr/local/bin/hello", testdata("catalog/golang/testdata/hello")),
            executable("usr/bin/app", testdata("catalog/rust/testdata/auditable/app")),
            executable("usr/bin/script", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8)));
    byte[] app =
        TestArchives.tar(
            file("app/boot.jar", bootJar()),
            file(
                "app/lib/log4j-core-2.14.1.jar",
                TestArchives.jar(
                    Map.of(),
                    Map.of(
                        "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties",
                        TestArchives.pomProperties(
                            "org.apache.logging.log4j", "log4j-core", "2.14.1")))),
            file(
                "app/lib/gone.jar",
                TestArchives.jar(Map.of("Implementation-Version", "1"), Map.of())),
            file(
                "app/lib/broken.jar",
                "PK\u0003\u0004 not really".getBytes(StandardCharsets.UTF_8)));
    byte[] cleanup = TestArchives.tar(whiteout("app/lib/gone.jar"));
    return List.of(os, binaries, app, cleanup);
  }

  private static final List<String> CREATED_BY =
      List.of("ADD os.tar /", "COPY bin /usr", "COPY app /app", "RUN rm gone.jar");

  /** The legacy {@code docker save} layout: manifest.json, config, uncompressed layer.tar files. */
  private Path legacyDockerArchive(List<byte[]> layers) throws IOException {
    List<TestArchives.Entry> files = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      files.add(file("l" + i + "/layer.tar", layers.get(i)));
    }
    return legacyDockerArchive(layers, files, CREATED_BY);
  }

  /**
   * Legacy {@code docker save} of layers whose tar files are given as entries (files or links):
   * {@code layers.get(i)} is the diff id source of {@code l<i>/layer.tar}. The config's history
   * lists {@code createdBy}, when not empty.
   */
  private Path legacyDockerArchive(
      List<byte[]> layers, List<TestArchives.Entry> layerEntries, List<String> createdBy)
      throws IOException {
    StringBuilder diffIds = new StringBuilder();
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < layers.size(); i++) {
      diffIds
          .append(i == 0 ? "" : ",")
          .append('"')
          .append(Digests.sha256(layers.get(i)))
          .append('"');
      names.append(i == 0 ? "" : ",").append("\"l").append(i).append("/layer.tar\"");
    }
    StringBuilder history = new StringBuilder();
    for (int i = 0; i < createdBy.size(); i++) {
      history
          .append(i == 0 ? "" : ",")
          .append("{\"created_by\":\"")
          .append(createdBy.get(i))
          .append("\"}");
    }
    String cfg =
        "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
            + diffIds
            + "]}"
            + (createdBy.isEmpty() ? "" : ",\"history\":[" + history + "]")
            + "}";
    String cfgName = Digests.hex(Digests.sha256(cfg.getBytes(StandardCharsets.UTF_8))) + ".json";
    List<TestArchives.Entry> entries = new ArrayList<>();
    entries.add(
        file("manifest.json", "[{\"Config\":\"" + cfgName + "\",\"Layers\":[" + names + "]}]"));
    entries.add(file(cfgName, cfg));
    entries.addAll(layerEntries);
    Path archive = Files.createTempFile(tmp, "legacy", ".tar");
    Files.write(archive, TestArchives.tar(entries.toArray(TestArchives.Entry[]::new)));
    return archive;
  }

  /** docker save writes a layer an image holds twice once, and links the second copy to it. */
  @Test
  void aLayerSavedTwiceIsReadThroughItsLink() throws IOException {
    List<byte[]> base = layers();
    List<byte[]> twice = List.of(base.get(0), base.get(2), base.get(0));
    Path archive =
        legacyDockerArchive(
            twice,
            List.of(
                file("l0/layer.tar", base.get(0)),
                file("l1/layer.tar", base.get(2)),
                symlink("l2/layer.tar", "../l0/layer.tar")),
            List.of());

    Sbom sbom = analyze("docker-archive:" + archive);

    assertThat(sbom.layers()).hasSize(3);
    assertThat(sbom.packages())
        .extracting(Package::name)
        .contains("zlib1g", "org.example:boot", "org.apache.logging.log4j:log4j-core");
    assertThat(filesOfferingPositions("docker-archive:" + archive)).isEqualTo(List.of(2 + 4 + 2));
  }

  @Test
  void linksLeavingTheArchiveOrLoopingLeadNowhere() throws IOException {
    List<byte[]> layers = List.of(layers().get(0), layers().get(0));
    for (List<TestArchives.Entry> links :
        List.of(
            List.of(
                file("l0/layer.tar", layers.get(0)),
                symlink("l1/layer.tar", "../../../etc/passwd")),
            List.of(
                file("l0/layer.tar", layers.get(0)),
                symlink("l1/layer.tar", "../l2/layer.tar"),
                symlink("l2/layer.tar", "../l1/layer.tar")),
            List.of(file("l0/layer.tar", layers.get(0)), symlink("l1/layer.tar", "../l1")))) {
      Path archive = legacyDockerArchive(layers, links, List.of());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> analyze("docker-archive:" + archive))
          .isInstanceOf(AnalysisException.class)
          .hasMessageContaining("l1/layer.tar is missing");
    }
  }

  /** Newer {@code docker save}: an OCI layout inside the tar, layers uncompressed. */
  private Path ociDockerArchive(TestImage image) throws IOException {
    Path layout = image.writeOciLayout(tmp.resolve("oci-inside"));
    List<TestArchives.Entry> entries = new ArrayList<>();
    try (var files = Files.walk(layout)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        entries.add(file(layout.relativize(p).toString(), Files.readAllBytes(p)));
      }
    }
    Path archive = tmp.resolve("oci-inside.tar");
    Files.write(archive, TestArchives.tar(entries.toArray(TestArchives.Entry[]::new)));
    return archive;
  }

  private static Sbom analyze(String target) throws IOException {
    try (ImageSource source =
        ImageSources.open(target, new RegistryClient(), LayerLimits.DEFAULT)) {
      return new Analyzer().analyze(source).get(0);
    }
  }

  /** What must not depend on how the layer was stored: the blob digest and media type may. */
  private static List<String> essence(Sbom sbom) {
    return sbom.packages().stream()
        .map(
            p ->
                String.join(
                    " ",
                    p.ecosystem(),
                    p.name(),
                    p.version(),
                    p.purl(),
                    p.path(),
                    p.layer().diffId(),
                    p.layer().createdBy()))
        .toList();
  }

  @Test
  void localUncompressedLayersGiveTheSameSbomAsStreamedOnes() throws IOException {
    List<byte[]> layers = layers();
    new TestImage("amd64", layers, CREATED_BY).writeOciLayout(tmp.resolve("gzip"));
    TestImage plain = TestImage.uncompressed("amd64", layers, CREATED_BY);
    plain.writeOciLayout(tmp.resolve("plain"));

    Sbom streamed = analyze("oci-dir:" + tmp.resolve("gzip"));
    List<String> expected = essence(streamed);
    assertThat(streamed.packages())
        .extracting(Package::name)
        .contains(
            "zlib1g",
            "stdlib",
            "golang.org/x/mod",
            "org.example:boot",
            "org.example:inner",
            "org.apache.logging.log4j:log4j-core")
        .doesNotContain("gone");
    assertThat(streamed.packages())
        .anySatisfy(p -> assertThat(p.ecosystem()).isEqualTo("crates.io"));
    assertThat(streamed.notes()).anySatisfy(n -> assertThat(n).contains("/app/lib/broken.jar"));

    Sbom ociDir = analyze("oci-dir:" + tmp.resolve("plain"));
    Sbom legacy = analyze("docker-archive:" + legacyDockerArchive(layers));
    Sbom ociInside = analyze("docker-archive:" + ociDockerArchive(plain));
    for (Sbom local : List.of(ociDir, legacy, ociInside)) {
      assertThat(essence(local)).isEqualTo(expected);
      assertThat(local.notes()).isEqualTo(streamed.notes());
    }
  }

  /**
   * Scanning by position never reads a file nobody wants, so a changed byte there is caught by the
   * separate verification alone: the image fails, however many readers run.
   */
  @Test
  void aChangedByteInAFileNobodyReadsFailsTheImage() throws IOException {
    byte[] filler = new byte[200_000];
    java.util.Arrays.fill(filler, (byte) 'q');
    List<byte[]> layers = new ArrayList<>(layers());
    layers.set(2, TestArchives.tar(file("app/data.bin", filler), file("app/x.jar", bootJar())));
    Path archive = legacyDockerArchive(layers);
    byte[] bytes = Files.readAllBytes(archive);
    int at = indexOf(bytes, filler, 0) + filler.length / 2;
    bytes[at] = 'Q';
    Files.write(archive, bytes);

    for (int readers : List.of(1, 4)) {
      try (ImageSource source =
          ImageSources.open(
              "docker-archive:" + archive, new RegistryClient(), LayerLimits.DEFAULT)) {
        Analyzer analyzer =
            new Analyzer(
                dev.tallyman.analysis.catalog.Catalogers.defaults(),
                LayerLimits.DEFAULT,
                null,
                readers);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> analyzer.analyze(source))
            .isInstanceOf(DigestMismatchException.class)
            .hasMessageContaining(Digests.sha256(layers.get(2)));
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < 64; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void localUncompressedLayersOfferTheirFilesByPosition() throws IOException {
    List<byte[]> layers = layers();
    new TestImage("amd64", layers, CREATED_BY).writeOciLayout(tmp.resolve("gzip"));
    TestImage plain = TestImage.uncompressed("amd64", layers, CREATED_BY);
    plain.writeOciLayout(tmp.resolve("plain"));

    assertThat(filesOfferingPositions("oci-dir:" + tmp.resolve("gzip"))).isEqualTo(List.of(0));
    int files = 2 + 3 + 4; // every regular file of every layer (the whiteout is empty: a file too)
    List<Integer> all = List.of(files + 1);
    assertThat(filesOfferingPositions("oci-dir:" + tmp.resolve("plain"))).isEqualTo(all);
    assertThat(filesOfferingPositions("docker-archive:" + legacyDockerArchive(layers)))
        .isEqualTo(all);
    assertThat(filesOfferingPositions("docker-archive:" + ociDockerArchive(plain))).isEqualTo(all);
  }

  /** How many regular files of the image's layers offer their bytes by position. */
  private static List<Integer> filesOfferingPositions(String target) throws IOException {
    int[] offering = {0};
    try (ImageSource source =
        ImageSources.open(target, new RegistryClient(), LayerLimits.DEFAULT)) {
      var root = Manifests.parse(source.rootManifest());
      ImageManifest manifest =
          root instanceof ImageIndex index
              ? (ImageManifest) Manifests.parse(source.manifest(index.manifests().get(0)))
              : (ImageManifest) root;
      var config =
          dev.tallyman.analysis.oci.ImageConfig.parse(
              source.config(manifest.config()), manifest.config().digest());
      for (int i = 0; i < manifest.layers().size(); i++) {
        try (LayerArchive archive =
            source.openLayer(manifest.layers().get(i), config.diffIds().get(i))) {
          archive.forEach(
              (entry, content) -> {
                var positional = PositionalBytes.of(content);
                if (positional.isPresent()) {
                  assertThat(entry.kind()).isEqualTo(EntryKind.FILE);
                  assertThat(positional.get().stream(0, entry.size()).readAllBytes())
                      .isEqualTo(content.readAllBytes());
                  offering[0]++;
                }
              });
        }
      }
    }
    return List.of(offering[0]);
  }
}
