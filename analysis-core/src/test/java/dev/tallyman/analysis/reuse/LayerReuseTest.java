package dev.tallyman.analysis.reuse;

import static dev.tallyman.analysis.testing.TestArchives.Entry.dir;
import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static dev.tallyman.analysis.testing.TestArchives.Entry.opaque;
import static dev.tallyman.analysis.testing.TestArchives.Entry.symlink;
import static dev.tallyman.analysis.testing.TestArchives.Entry.whiteout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.Analyzer;
import dev.tallyman.analysis.catalog.Catalogers;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.source.ImageSources;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A cached layer is never fetched, and the SBOM is the same as without the cache. */
class LayerReuseTest {
  static final String DEBIAN =
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";
  static final String ALPINE = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n";
  static final String STATUS =
      "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n\n"
          + "Package: curl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 7.88.1-10+deb12u5\n";
  static final String APK = "P:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\nP:busybox\nV:1.36.1-r15\n\n";

  /** Small enough that the big file below is skipped with a note. */
  static final LayerLimits LIMITS = new LayerLimits(100_000, 1L << 30, 4096);

  @TempDir Path tmp;

  static byte[] jar(String artifact, String version) {
    return TestArchives.jar(
        Map.of(),
        Map.of(
            "META-INF/maven/org.example/" + artifact + "/pom.properties",
            TestArchives.pomProperties("org.example", artifact, version)));
  }

  static byte[] debianBase(String marker) {
    return TestArchives.tar(
        file("usr/lib/os-release", DEBIAN),
        symlink("etc/os-release", "../usr/lib/os-release"),
        file("var/lib/dpkg/status", STATUS),
        file("etc/marker", marker),
        file("opt/tool/lib/tool-1.0.jar", jar("tool", "1.0")),
        file(
            "srv/www/node_modules/left-pad/package.json",
            "{\"name\":\"left-pad\",\"version\":\"1.3.0\"}"),
        file(
            "usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n"),
        file("app/lib/a.jar", jar("a", "1")),
        file("app/lib/b.jar", jar("b", "1")),
        file("app/big.jar", new byte[8192]),
        file("../escape.txt", "x"));
  }

  /** Whiteouts, an opaque dir, a rewritten dpkg status, a link replacing a directory. */
  static TestImage debianApp(String marker, List<String> steps) {
    byte[] app =
        TestArchives.tar(
            opaque("app/lib"),
            file("app/lib/c.jar", jar("c", "2")),
            whiteout("srv/www/node_modules/left-pad"),
            symlink("opt/tool", "/usr/share/tool"),
            file(
                "srv/www/node_modules/is-odd/package.json",
                "{\"name\":\"is-odd\",\"version\":\"3.0.1\"}"));
    byte[] cleanup =
        TestArchives.tar(
            file("var/lib/dpkg/status", STATUS.substring(0, STATUS.indexOf("\n\n") + 1)),
            dir("usr/lib/python3/dist-packages"),
            whiteout("usr/lib/python3/dist-packages/requests-2.31.0.dist-info"),
            file("app/lib/c.jar", jar("c", "3")));
    return new TestImage("amd64", List.of(debianBase(marker), app, cleanup), steps);
  }

  static TestImage alpine() {
    byte[] base =
        TestArchives.tar(file("etc/os-release", ALPINE), file("lib/apk/db/installed", APK));
    byte[] upper =
        TestArchives.tar(
            whiteout("etc/os-release"), file("etc/os-release", ALPINE.replace("3.19.1", "3.19.2")));
    return new TestImage("amd64", List.of(base, upper), List.of("ADD alpine /", "RUN apk upgrade"));
  }

  static Stream<Arguments> images() {
    return Stream.of(
        Arguments.of("debian", debianApp("one", List.of("ADD rootfs /", "COPY app /", "RUN rm"))),
        Arguments.of(
            "debian-zstd",
            new TestImage(
                "amd64",
                List.of(debianBase("z"), TestArchives.tar(file("app/lib/d.jar", jar("d", "4")))),
                List.of("ADD rootfs /", "COPY d /"),
                true)),
        Arguments.of("alpine", alpine()));
  }

  private CountingSource open(TestImage image, String name) throws IOException {
    Path layout = tmp.resolve(name);
    if (!Files.exists(layout)) {
      image.writeOciLayout(layout);
    }
    return new CountingSource(ImageSources.open("oci-dir:" + layout, new RegistryClient(), LIMITS));
  }

  private List<Sbom> analyze(TestImage image, String name, LayerCache cache, List<String> opened)
      throws IOException {
    try (CountingSource source = open(image, name)) {
      List<Sbom> out = new Analyzer(Catalogers.defaults(), LIMITS, cache).analyze(source);
      opened.addAll(source.openedLayers);
      return out;
    }
  }

  private List<Sbom> analyze(TestImage image, String name, LayerCache cache) throws IOException {
    return analyze(image, name, cache, new java.util.ArrayList<>());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void sameSbomWithColdAndWarmCacheAndWarmCacheFetchesNothing(String name, TestImage image)
      throws IOException {
    List<Sbom> plain = analyze(image, name, null);
    MemoryLayerCache cache = new MemoryLayerCache(100, 64 << 20);
    List<String> coldOpened = new java.util.ArrayList<>();
    List<Sbom> cold = analyze(image, name, cache, coldOpened);
    List<String> warmOpened = new java.util.ArrayList<>();
    List<Sbom> warm = analyze(image, name, cache, warmOpened);

    assertThat(plain.get(0).packages()).isNotEmpty();
    assertThat(cold).isEqualTo(plain);
    assertThat(warm).isEqualTo(plain);
    // Layers are read concurrently, so only the set is fixed, not the order.
    assertThat(coldOpened).containsExactlyInAnyOrderElementsOf(image.layerDigests);
    assertThat(warmOpened).isEmpty();
    assertThat(cache.size()).isEqualTo(image.diffIds.size());
  }

  @Test
  void whiteoutsOpaqueDirsAndOverwritesAreReplayedFromTheCache() throws IOException {
    TestImage image = debianApp("w", List.of("ADD rootfs /", "COPY app /", "RUN rm"));
    MemoryLayerCache cache = new MemoryLayerCache(100, 64 << 20);
    analyze(image, "w", cache);
    Sbom sbom = analyze(image, "w", cache).get(0);

    // What survives: zlib1g from the rewritten status (layer 3), c.jar 3 (layer 3), is-odd
    // (layer 2). Hidden: curl, a/b.jar (opaque), tool (dir replaced by a link), left-pad and
    // requests (whiteouts), big.jar (too large).
    assertThat(sbom.packages())
        .extracting(
            p -> p.name() + "@" + p.version() + "#" + image.diffIds.indexOf(p.layer().diffId()))
        .containsExactlyInAnyOrder(
            "zlib1g@1:1.2.13.dfsg-1#2", "org.example:c@3#2", "is-odd@3.0.1#1");
    assertThat(sbom.os().id()).isEqualTo("debian");
    assertThat(sbom.notes())
        .anyMatch(n -> n.contains("escaping the root"))
        .anyMatch(n -> n.startsWith("skipped /app/big.jar"));
  }

  @Test
  void sharedBaseLayerIsReadOnceAndAttributedToEachImagesOwnHistory() throws IOException {
    TestImage a = debianApp("shared", List.of("ADD rootfs /", "COPY app /", "RUN rm"));
    TestImage b =
        new TestImage(
            "amd64",
            List.of(debianBase("shared"), TestArchives.tar(file("srv/lib/e.jar", jar("e", "5")))),
            List.of("ADD other-rootfs.tar /", "COPY e /srv/lib"));
    assertThat(b.diffIds.get(0)).isEqualTo(a.diffIds.get(0));
    MemoryLayerCache cache = new MemoryLayerCache(100, 64 << 20);
    analyze(a, "a", cache);

    List<String> opened = new java.util.ArrayList<>();
    Sbom withCache = analyze(b, "b", cache, opened).get(0);
    Sbom without = analyze(b, "b", null).get(0);

    assertThat(opened).containsExactly(b.layerDigests.get(1));
    assertThat(withCache).isEqualTo(without);
    Package curl =
        withCache.packages().stream()
            .filter(p -> p.name().equals("curl"))
            .findFirst()
            .orElseThrow();
    assertThat(curl.layer().createdBy()).isEqualTo("ADD other-rootfs.tar /");
    assertThat(curl.purl()).contains("distro=debian-12");
  }

  @Test
  void sameDiffIdUnderAnotherBlobDigestIsReadAgain() throws IOException {
    byte[] base = debianBase("blob");
    TestImage gz = new TestImage("amd64", List.of(base), List.of("ADD /"));
    TestImage zst = new TestImage("amd64", List.of(base), List.of("ADD /"), true);
    MemoryLayerCache cache = new MemoryLayerCache(100, 64 << 20);
    analyze(gz, "gz", cache);

    List<String> opened = new java.util.ArrayList<>();
    Sbom sbom = analyze(zst, "zst", cache, opened).get(0);
    assertThat(opened).containsExactly(zst.layerDigests.get(0));
    assertThat(sbom).isEqualTo(analyze(zst, "zst", null).get(0));

    // Both blob digests are now known: neither is fetched again.
    List<String> again = new java.util.ArrayList<>();
    analyze(gz, "gz", cache, again);
    analyze(zst, "zst", cache, again);
    assertThat(again).isEmpty();
  }

  @Test
  void corruptEntryIsAMissNotAFailure() throws IOException {
    TestImage image = alpine();
    MemoryLayerCache cache = new MemoryLayerCache(100, 64 << 20);
    String key = LayerAnalysisCodec.key(Catalogers.defaults(), LIMITS, image.diffIds.get(0));
    cache.put(key, new byte[] {31, -117, 8, 0, 1, 2, 3});

    List<String> opened = new java.util.ArrayList<>();
    List<Sbom> sboms = analyze(image, "corrupt", cache, opened);
    assertThat(sboms).isEqualTo(analyze(image, "corrupt", null));
    assertThat(opened).containsExactlyInAnyOrderElementsOf(image.layerDigests);
    // The bad entry was replaced by a good one.
    assertThat(LayerAnalysisCodec.decode(cache.get(key).orElseThrow(), image.diffIds.get(0)))
        .isNotNull();
  }

  @Test
  void directoryTargetsAreNotCached(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/os-release"), ALPINE);
    MemoryLayerCache cache = new MemoryLayerCache(100, 64 << 20);
    try (var source = ImageSources.open("dir:" + root, new RegistryClient(), LIMITS)) {
      new Analyzer(Catalogers.defaults(), LIMITS, cache).analyze(source);
    }
    assertThat(cache.size()).isZero();
  }

  @Test
  void keyChangesWithWhatShapesTheAnalysis() {
    String diffId = "sha256:" + "a".repeat(64);
    String k = LayerAnalysisCodec.key(Catalogers.defaults(), LIMITS, diffId);
    assertThat(k).endsWith("/" + diffId).startsWith("layer/v" + LayerAnalysisCodec.FORMAT + "/");
    assertThat(LayerAnalysisCodec.key(Catalogers.defaults(), LayerLimits.DEFAULT, diffId))
        .isNotEqualTo(k);
    assertThat(LayerAnalysisCodec.key(Catalogers.defaults().subList(0, 2), LIMITS, diffId))
        .isNotEqualTo(k);
  }
}
