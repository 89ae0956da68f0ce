package dev.tallyman.analysis;

import static dev.tallyman.analysis.testing.TestArchives.Entry.executable;
import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static dev.tallyman.analysis.testing.TestArchives.Entry.symlink;
import static dev.tallyman.analysis.testing.TestArchives.Entry.whiteout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.catalog.Catalogers;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.EolStatus;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.source.ImageSource;
import dev.tallyman.analysis.source.ImageSources;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzerTest {
  static final String OS_RELEASE =
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";
  static final String STATUS =
      "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n\n"
          + "Package: curl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 7.88.1-10+deb12u5\n";

  @TempDir Path tmp;

  /**
   * Base layer with Debian; second layer adds a jar; third removes curl from dpkg status and a jar.
   */
  static TestImage image(String arch) {
    byte[] base =
        TestArchives.tar(
            file("usr/lib/os-release", OS_RELEASE),
            symlink("etc/os-release", "../usr/lib/os-release"),
            file("var/lib/dpkg/status", STATUS));
    byte[] app =
        TestArchives.tar(
            file("app/lib/log4j-core-2.14.1.jar", log4jJar()),
            file(
                "app/lib/removed.jar",
                TestArchives.jar(
                    Map.of(),
                    Map.of(
                        "META-INF/maven/x/removed/pom.properties",
                        TestArchives.pomProperties("x", "removed", "1")))));
    byte[] cleanup =
        TestArchives.tar(
            file("var/lib/dpkg/status", STATUS.substring(0, STATUS.indexOf("\n\n") + 1)),
            whiteout("app/lib/removed.jar"));
    return new TestImage(
        arch,
        List.of(base, app, cleanup),
        List.of("ADD rootfs.tar /", "COPY lib /app/lib", "RUN apt-get remove curl"));
  }

  static byte[] log4jJar() {
    return TestArchives.jar(
        Map.of(),
        Map.of(
            "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties",
            TestArchives.pomProperties("org.apache.logging.log4j", "log4j-core", "2.14.1")));
  }

  private List<Sbom> analyze(String target) throws IOException {
    try (ImageSource source =
        ImageSources.open(target, new RegistryClient(), LayerLimits.DEFAULT)) {
      return new Analyzer().analyze(source);
    }
  }

  /** The OS end of life judged on 2026-11-28. */
  private List<Sbom> analyzeOn2026_11_28(String target) throws IOException {
    Clock day = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    try (ImageSource source =
        ImageSources.open(target, new RegistryClient(), LayerLimits.DEFAULT)) {
      return new Analyzer().withClock(day).analyze(source);
    }
  }

  @Test
  void ociLayoutEndToEnd() throws IOException {
    TestImage img = image("amd64");
    img.writeOciLayout(tmp.resolve("layout"));

    Sbom sbom = analyze("oci-dir:" + tmp.resolve("layout")).get(0);

    assertThat(sbom.imageDigest()).isEqualTo(img.manifestDigest);
    assertThat(sbom.configDigest()).isEqualTo(img.configDigest);
    assertThat(sbom.platform().toString()).isEqualTo("linux/amd64");
    assertThat(sbom.os().id()).isEqualTo("debian");
    assertThat(sbom.os().versionId()).isEqualTo("12");
    assertThat(sbom.layers())
        .extracting(l -> l.createdBy())
        .containsExactly("ADD rootfs.tar /", "COPY lib /app/lib", "RUN apt-get remove curl");
    assertThat(sbom.packages())
        .extracting(Package::purl)
        .containsExactly(
            "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    Package zlib = sbom.packages().get(0);
    // The status file was rewritten by the third layer, so that layer is the one that "wrote" zlib.
    assertThat(zlib.layer().diffId()).isEqualTo(img.diffIds.get(2));
    assertThat(zlib.layer().digest()).isEqualTo(img.layerDigests.get(2));
    Package log4j = sbom.packages().get(1);
    assertThat(log4j.layer().diffId()).isEqualTo(img.diffIds.get(1));
    assertThat(log4j.layer().createdBy()).isEqualTo("COPY lib /app/lib");
  }

  @Test
  void indexAnalyzesEveryPlatformAndSkipsAttestations() throws IOException {
    TestImage amd = image("amd64");
    TestImage arm = image("arm64");
    TestImage.writeOciLayout(tmp.resolve("multi"), List.of(amd, arm), "sha256:" + "9".repeat(64));

    List<Sbom> sboms = analyze("oci-dir:" + tmp.resolve("multi"));

    assertThat(sboms)
        .extracting(s -> s.platform().architecture())
        .containsExactly("amd64", "arm64");
    assertThat(sboms)
        .extracting(Sbom::imageDigest)
        .containsExactly(amd.manifestDigest, arm.manifestDigest);
    assertThat(sboms.get(0).indexDigest()).startsWith("sha256:");
    assertThat(sboms.get(0).notes()).anySatisfy(n -> assertThat(n).contains("attestation"));
  }

  @Test
  void corruptedLayerBlobIsADigestMismatch() throws IOException {
    TestImage img = image("amd64");
    Path layout = img.writeOciLayout(tmp.resolve("bad"));
    Path layer = layout.resolve("blobs/sha256/" + img.layerDigests.get(1).substring(7));
    byte[] other = TestArchives.gzip(TestArchives.tar(file("x", "evil")));
    Files.write(layer, other);

    assertThatThrownBy(() -> analyze("oci-dir:" + layout))
        .isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void layersReadConcurrentlyGiveTheSameSbomAsOneAtATime() throws IOException {
    TestImage img = image("amd64");
    Path layout = img.writeOciLayout(tmp.resolve("par"));
    List<Sbom> sequential;
    List<Sbom> concurrent;
    try (ImageSource source =
        ImageSources.open("oci-dir:" + layout, new RegistryClient(), LayerLimits.DEFAULT)) {
      sequential =
          new Analyzer(Catalogers.defaults(), LayerLimits.DEFAULT, null, 1).analyze(source);
    }
    try (ImageSource source =
        ImageSources.open("oci-dir:" + layout, new RegistryClient(), LayerLimits.DEFAULT)) {
      concurrent =
          new Analyzer(Catalogers.defaults(), LayerLimits.DEFAULT, null, 3).analyze(source);
    }
    // Whiteouts and rewritten files depend on layer order: the merge must keep it.
    assertThat(concurrent).isEqualTo(sequential);
    assertThat(concurrent.get(0).packages()).extracting(Package::name).doesNotContain("curl");
  }

  @Test
  void dockerArchiveLayersLargerThanOneReadAreStreamedConcurrently() throws IOException {
    java.util.Random random = new java.util.Random(7);
    byte[][] layers = new byte[4][];
    for (int i = 0; i < layers.length; i++) {
      byte[] filler = new byte[8 << 20];
      random.nextBytes(filler);
      layers[i] =
          TestArchives.tar(
              file("data/blob" + i, filler),
              file(
                  "app/lib/a" + i + ".jar",
                  TestArchives.jar(
                      Map.of(),
                      Map.of(
                          "META-INF/maven/x/a" + i + "/pom.properties",
                          TestArchives.pomProperties("x", "a" + i, "1." + i)))));
    }
    StringBuilder diffIds = new StringBuilder();
    StringBuilder names = new StringBuilder();
    TestArchives.Entry[] entries = new TestArchives.Entry[layers.length + 2];
    for (int i = 0; i < layers.length; i++) {
      diffIds.append(i == 0 ? "" : ",").append('"').append(Digests.sha256(layers[i])).append('"');
      names.append(i == 0 ? "" : ",").append("\"l").append(i).append("/layer.tar\"");
      entries[i + 2] = file("l" + i + "/layer.tar", layers[i]);
    }
    String cfg =
        "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
            + diffIds
            + "]}}";
    String cfgName = Digests.hex(Digests.sha256(cfg.getBytes(StandardCharsets.UTF_8))) + ".json";
    entries[0] =
        file("manifest.json", "[{\"Config\":\"" + cfgName + "\",\"Layers\":[" + names + "]}]");
    entries[1] = file(cfgName, cfg);
    Path archive = tmp.resolve("big.tar");
    Files.write(archive, TestArchives.tar(entries));

    List<Sbom> sequential;
    List<Sbom> concurrent;
    try (ImageSource source =
        ImageSources.open("docker-archive:" + archive, new RegistryClient(), LayerLimits.DEFAULT)) {
      sequential =
          new Analyzer(Catalogers.defaults(), LayerLimits.DEFAULT, null, 1).analyze(source);
    }
    try (ImageSource source =
        ImageSources.open("docker-archive:" + archive, new RegistryClient(), LayerLimits.DEFAULT)) {
      concurrent =
          new Analyzer(Catalogers.defaults(), LayerLimits.DEFAULT, null, 4).analyze(source);
    }
    assertThat(concurrent).isEqualTo(sequential);
    assertThat(concurrent.get(0).packages())
        .extracting(Package::name)
        .containsExactly("x:a0", "x:a1", "x:a2", "x:a3");
  }

  @Test
  void aCorruptLayerAmongConcurrentReadsFailsTheImage() throws IOException {
    TestImage img = image("amd64");
    Path layout = img.writeOciLayout(tmp.resolve("badpar"));
    Path layer = layout.resolve("blobs/sha256/" + img.layerDigests.get(2).substring(7));
    Files.write(layer, TestArchives.gzip(TestArchives.tar(file("x", "evil"))));

    assertThatThrownBy(
            () -> {
              try (ImageSource source =
                  ImageSources.open(
                      "oci-dir:" + layout, new RegistryClient(), LayerLimits.DEFAULT)) {
                new Analyzer(Catalogers.defaults(), LayerLimits.DEFAULT, null, 3).analyze(source);
              }
            })
        .isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void legacyDockerSaveArchive() throws IOException {
    TestImage img = image("amd64");
    // docker save: uncompressed layer tars, the config as <hex>.json, and manifest.json.
    byte[][] layers = {
      TestArchives.tar(file("usr/lib/os-release", OS_RELEASE), file("var/lib/dpkg/status", STATUS)),
      TestArchives.tar(file("app/log4j.jar", log4jJar())),
    };
    String cfg =
        "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
            + Digests.sha256(layers[0])
            + "\",\""
            + Digests.sha256(layers[1])
            + "\"]},\"history\":[{\"created_by\":\"a\"},{\"created_by\":\"b\"}]}";
    String cfgName = Digests.hex(Digests.sha256(cfg.getBytes(StandardCharsets.UTF_8))) + ".json";
    String manifest =
        "[{\"Config\":\""
            + cfgName
            + "\",\"RepoTags\":[\"app:1\"],\"Layers\":[\"l0/layer.tar\",\"l1/layer.tar\"]}]";
    Path archive = tmp.resolve("image.tar");
    Files.write(
        archive,
        TestArchives.tar(
            file("manifest.json", manifest),
            file(cfgName, cfg),
            file("l0/layer.tar", layers[0]),
            file("l1/layer.tar", layers[1])));

    Sbom sbom = analyze("docker-archive:" + archive).get(0);

    assertThat(sbom.packages())
        .extracting(Package::name)
        .containsExactly("curl", "zlib1g", "org.apache.logging.log4j:log4j-core");
    assertThat(sbom.packages().get(2).layer().diffId()).isEqualTo(Digests.sha256(layers[1]));
    assertThat(img.manifestDigest).isNotEqualTo(sbom.imageDigest());
  }

  @Test
  void dockerArchiveWithOciLayoutInside() throws IOException {
    TestImage img = image("amd64");
    Path layout = img.writeOciLayout(tmp.resolve("inner"));
    List<TestArchives.Entry> entries = new java.util.ArrayList<>();
    try (var files = Files.walk(layout)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        entries.add(file(layout.relativize(p).toString(), Files.readAllBytes(p)));
      }
    }
    Path archive = tmp.resolve("oci.tar");
    Files.write(archive, TestArchives.tar(entries.toArray(TestArchives.Entry[]::new)));

    Sbom sbom = analyze("docker-archive:" + archive).get(0);
    assertThat(sbom.imageDigest()).isEqualTo(img.manifestDigest);
    assertThat(sbom.packages()).hasSize(2);
  }

  @Test
  void plainDirectoryIsOnePseudoLayer() throws IOException {
    Path root = tmp.resolve("rootfs");
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("var/lib/dpkg"));
    Files.writeString(root.resolve("etc/os-release"), OS_RELEASE);
    Files.writeString(root.resolve("var/lib/dpkg/status"), STATUS);
    Files.createDirectories(root.resolve("opt"));
    Files.write(root.resolve("opt/log4j.jar"), log4jJar());

    Sbom sbom = analyze("dir:" + root).get(0);

    assertThat(sbom.layers()).hasSize(1);
    assertThat(sbom.packages())
        .extracting(Package::purl)
        .contains(
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12");
  }

  @Test
  void unknownTargetIsAClearError() {
    assertThatThrownBy(() -> analyze("ftp:thing"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("unknown target");
    assertThatThrownBy(() -> analyze("oci-dir:" + tmp.resolve("missing")))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("does not exist");
  }

  private static byte[] testdata(String resource) {
    try (var in = AnalyzerTest.class.getResourceAsStream("/dev/tallyman/analysis/" + resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final String NPM = "catalog/npm/testdata/app/";

  /**
   * Alpine base (no os-release: alpine-release only), then an app layer with npm, Python and Java
   * packages, then a layer that uninstalls one npm package; every layer is tar+zstd.
   */
  @Test
  void multiEcosystemAlpineImageWithZstdLayers() throws IOException {
    byte[] base =
        TestArchives.tar(
            file("etc/alpine-release", "3.18.4\n"),
            file("lib/apk/db/installed", testdata("catalog/apk/testdata/installed")));
    byte[] app =
        TestArchives.tar(
            file("srv/app/package.json", testdata(NPM + "package.json")),
            file(
                "srv/app/node_modules/is-number/package.json",
                testdata(NPM + "node_modules/is-number/package.json")),
            file(
                "srv/app/node_modules/left-pad/package.json",
                testdata(NPM + "node_modules/left-pad/package.json")),
            file(
                "srv/app/node_modules/@types/node/package.json",
                testdata(NPM + "node_modules/@types/node/package.json")),
            file(
                "usr/lib/python3.11/site-packages/PyYAML-6.0.dist-info/METADATA",
                testdata("catalog/python/testdata/dist-packages/PyYAML-6.0.dist-info/METADATA")),
            file("srv/app/lib/log4j-core-2.14.1.jar", log4jJar()));
    byte[] uninstall = TestArchives.tar(whiteout("srv/app/node_modules/left-pad"));
    TestImage img =
        new TestImage(
            "amd64",
            List.of(base, app, uninstall),
            List.of("ADD alpine-minirootfs.tar.gz /", "COPY . /srv/app", "RUN npm rm left-pad"),
            true);
    img.writeOciLayout(tmp.resolve("alpine"));

    Sbom sbom = analyze("oci-dir:" + tmp.resolve("alpine")).get(0);

    assertThat(sbom.os().id()).isEqualTo("alpine");
    assertThat(sbom.os().versionId()).isEqualTo("3.18.4");
    assertThat(sbom.packages())
        .extracting(p -> p.ecosystem() + " " + p.purl())
        .containsExactly(
            "Alpine pkg:apk/alpine/alpine-baselayout-data@3.4.3-r1?arch=x86_64&distro=alpine-3.18.4&upstream=alpine-baselayout",
            "Alpine pkg:apk/alpine/busybox@1.36.1-r5?arch=x86_64&distro=alpine-3.18.4&upstream=busybox",
            "Alpine pkg:apk/alpine/libcrypto3@3.1.4-r1?arch=x86_64&distro=alpine-3.18.4&upstream=openssl",
            "Alpine pkg:apk/alpine/libssl3@3.1.4-r1?arch=x86_64&distro=alpine-3.18.4&upstream=openssl",
            "Alpine pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.4&upstream=musl",
            "Alpine pkg:apk/alpine/ssl_client@1.36.1-r5?arch=x86_64&distro=alpine-3.18.4&upstream=busybox",
            "Alpine pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&distro=alpine-3.18.4&upstream=zlib",
            "Maven pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            "PyPI pkg:pypi/pyyaml@6.0",
            "npm pkg:npm/%40types/node@20.11.0",
            "npm pkg:npm/is-number@7.0.0");
    assertThat(sbom.packages())
        .filteredOn(p -> p.ecosystem().equals("npm") || p.ecosystem().equals("PyPI"))
        .allSatisfy(p -> assertThat(p.layer().createdBy()).isEqualTo("COPY . /srv/app"));
    assertThat(sbom.layers())
        .extracting(l -> l.mediaType())
        .containsOnly(dev.tallyman.analysis.oci.MediaTypes.OCI_LAYER_ZSTD);
  }

  @Test
  void rhelImageFromARealRpmdb() throws IOException {
    byte[] base =
        TestArchives.tar(
            file("etc/redhat-release", "Red Hat Enterprise Linux release 9.3 (Plow)\n"),
            file("var/lib/rpm/rpmdb.sqlite", testdata("catalog/rpm/testdata/rpmdb.sqlite")));
    new TestImage("amd64", List.of(base), List.of("ADD ubi9.tar /"))
        .writeOciLayout(tmp.resolve("ubi"));

    Sbom sbom = analyze("oci-dir:" + tmp.resolve("ubi")).get(0);

    assertThat(sbom.os().id()).isEqualTo("rhel");
    assertThat(sbom.packages()).extracting(Package::ecosystem).containsOnly("Red Hat");
    assertThat(sbom.packages())
        .extracting(Package::purl)
        .containsExactly(
            "pkg:rpm/rhel/nodejs@18.18.2-2.module%2Bel9.3.0%2B20360%2B8b6f1c3b?arch=x86_64"
                + "&distro=rhel-9.3&epoch=1"
                + "&upstream=nodejs-18.18.2-2.module%2Bel9.3.0%2B20360%2B8b6f1c3b.src.rpm",
            "pkg:rpm/rhel/openssl@3.0.7-27.el9?arch=x86_64&distro=rhel-9.3&epoch=1"
                + "&upstream=openssl-3.0.7-27.el9.src.rpm",
            "pkg:rpm/rhel/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.3&epoch=1"
                + "&upstream=openssl-3.0.7-27.el9.src.rpm",
            "pkg:rpm/rhel/tzdata@2024a-1.el9?arch=noarch&distro=rhel-9.3"
                + "&upstream=tzdata-2024a-1.el9.src.rpm");
  }

  /** Distroless: dpkg status.d stanzas and debian_version, no os-release at all. */
  @Test
  void distrolessWithoutOsRelease() throws IOException {
    byte[] base =
        TestArchives.tar(
            file("etc/debian_version", "12.5\n"),
            file(
                "var/lib/dpkg/status.d/base-files",
                "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n"),
            file(
                "var/lib/dpkg/status.d/libssl3",
                "Package: libssl3\nSource: openssl\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\n"),
            file("var/lib/dpkg/status.d/libssl3.md5sums", "d41d8cd98f00b204e9800998ecf8427e  x\n"));
    new TestImage("amd64", List.of(base), List.of("bazel build //base"))
        .writeOciLayout(tmp.resolve("distroless"));

    Sbom sbom = analyze("oci-dir:" + tmp.resolve("distroless")).get(0);

    assertThat(sbom.os().id()).isEqualTo("debian");
    assertThat(sbom.os().versionId()).isEqualTo("12");
    assertThat(sbom.packages())
        .extracting(Package::purl)
        .containsExactly(
            "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12",
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl");
  }

  /**
   * Real distroless (base-debian12): os-release written by distroless itself (PRETTY_NAME
   * "Distroless", no VERSION_CODENAME), debian_version, dpkg status.d stanzas.
   */
  @Test
  void distrolessWithItsOwnOsRelease() throws IOException {
    byte[] base =
        TestArchives.tar(
            file(
                "etc/os-release",
                "PRETTY_NAME=\"Distroless\"\nNAME=\"Debian GNU/Linux\"\nID=\"debian\"\n"
                    + "VERSION_ID=\"12\"\nVERSION=\"Debian GNU/Linux 12 (bookworm)\"\n"
                    + "HOME_URL=\"https://github.com/GoogleContainerTools/distroless\"\n"),
            file("etc/debian_version", "12.11\n"),
            file(
                "var/lib/dpkg/status.d/base-files",
                "Package: base-files\nVersion: 12.4+deb12u11\nArchitecture: amd64\n"),
            file(
                "var/lib/dpkg/status.d/libc6",
                "Package: libc6\nSource: glibc\nVersion: 2.36-9+deb12u10\nArchitecture: amd64\n"));
    new TestImage("amd64", List.of(base), List.of("bazel build //base:base_debian12"))
        .writeOciLayout(tmp.resolve("distroless12"));

    Sbom sbom = analyzeOn2026_11_28("oci-dir:" + tmp.resolve("distroless12")).get(0);

    assertThat(sbom.os().id()).isEqualTo("debian");
    assertThat(sbom.os().versionId()).isEqualTo("12");
    assertThat(sbom.os().prettyName()).isEqualTo("Distroless");
    assertThat(sbom.packages())
        .extracting(Package::purl)
        .containsExactly(
            "pkg:deb/debian/base-files@12.4%2Bdeb12u11?arch=amd64&distro=debian-12",
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12&upstream=glibc");
    assertThat(sbom.osEol().state()).isEqualTo(EolStatus.State.SUPPORTED);
    assertThat(sbom.osEol().describe()).isEqualTo("supported until 2028-06-30");
  }

  /** Amazon Linux 2: a Berkeley DB rpmdb, and an OS past its end of life on 2026-11-28. */
  @Test
  void amazonLinux2WithABerkeleyDbRpmdb() throws IOException {
    byte[] base =
        TestArchives.tar(
            file(
                "etc/os-release",
                "NAME=\"Amazon Linux\"\nVERSION=\"2\"\nID=\"amzn\"\nID_LIKE=\"centos rhel fedora\"\n"
                    + "VERSION_ID=\"2\"\nPRETTY_NAME=\"Amazon Linux 2\"\n"),
            file("var/lib/rpm/Packages", testdata("catalog/rpm/testdata/Packages")));
    new TestImage("amd64", List.of(base), List.of("ADD al2.tar /"))
        .writeOciLayout(tmp.resolve("al2"));

    Sbom sbom = analyzeOn2026_11_28("oci-dir:" + tmp.resolve("al2")).get(0);

    assertThat(sbom.notes()).isEmpty();
    assertThat(sbom.packages())
        .extracting(Package::name)
        .containsExactly("nodejs", "openssl", "openssl-libs", "tzdata");
    assertThat(sbom.packages())
        .filteredOn(p -> p.name().equals("nodejs"))
        .extracting(Package::modularityLabel)
        .containsExactly("nodejs:18:9030020231120082734:rhel9");
    assertThat(sbom.packages())
        .extracting(Package::purl)
        .allMatch(p -> p.contains("distro=amzn-2"));
    assertThat(sbom.osEol().describe()).isEqualTo("end of life since 2026-06-30");
  }

  /**
   * An image converted to the sqlite rpmdb that still carries the old Berkeley DB (both hold the
   * same packages): each package is listed once, from the database rpm would open, with a note.
   */
  @Test
  void twoRpmDatabasesListEachPackageOnce() throws IOException {
    byte[] base =
        TestArchives.tar(
            file("etc/os-release", "ID=\"rhel\"\nVERSION_ID=\"9.3\"\n"),
            file("var/lib/rpm/Packages", testdata("catalog/rpm/testdata/Packages")),
            file("var/lib/rpm/rpmdb.sqlite", testdata("catalog/rpm/testdata/rpmdb.sqlite")));
    new TestImage("amd64", List.of(base), List.of("ADD rhel.tar /"))
        .writeOciLayout(tmp.resolve("two-rpmdb"));

    Sbom sbom = analyze("oci-dir:" + tmp.resolve("two-rpmdb")).get(0);

    assertThat(sbom.packages())
        .extracting(Package::name)
        .containsExactly("nodejs", "openssl", "openssl-libs", "tzdata");
    assertThat(sbom.packages()).extracting(Package::path).containsOnly("/var/lib/rpm/rpmdb.sqlite");
    assertThat(sbom.notes())
        .containsExactly(
            "rpm: several package databases found; listed packages from /var/lib/rpm/rpmdb.sqlite"
                + " (the one rpm would open), ignored /var/lib/rpm/Packages");
  }

  /**
   * A Go binary outside every directory picked by place is found by its execute bit; the same bytes
   * without the bit are not read, and an executable script is read only to its magic.
   */
  @Test
  void executablesAreFoundByTheirExecuteBitAnywhere() throws IOException {
    byte[] go = testdata("catalog/golang/testdata/hello");
    byte[] base =
        TestArchives.tar(
            file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
            executable("usr/local/lib/tool/hello.bin", go),
            file("usr/share/tool/hello-copy.bin", go),
            executable("usr/local/lib/tool/run.sh", "#!/bin/sh\necho hi\n".getBytes()));
    new TestImage("amd64", List.of(base), List.of("ADD tool.tar /"))
        .writeOciLayout(tmp.resolve("exec-bit"));

    Sbom sbom = analyze("oci-dir:" + tmp.resolve("exec-bit")).get(0);

    assertThat(sbom.packages())
        .extracting(Package::path)
        .containsOnly("/usr/local/lib/tool/hello.bin");
    assertThat(sbom.packages()).extracting(Package::name).contains("golang.org/x/mod", "stdlib");
    assertThat(sbom.notes()).isEmpty();
  }

  /** SUSE: NDB Packages.db under /usr/lib/sysimage/rpm. */
  @Test
  void suseWithAnNdbRpmdb() throws IOException {
    byte[] base =
        TestArchives.tar(
            file(
                "usr/lib/os-release",
                "NAME=\"SLES\"\nVERSION=\"15-SP6\"\nVERSION_ID=\"15.6\"\nID=\"sles\"\n"
                    + "ID_LIKE=\"suse\"\nPRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP6\"\n"),
            file("usr/lib/sysimage/rpm/Packages.db", testdata("catalog/rpm/testdata/Packages.db")));
    new TestImage("amd64", List.of(base), List.of("ADD sles.tar /"))
        .writeOciLayout(tmp.resolve("sles"));

    Sbom sbom = analyzeOn2026_11_28("oci-dir:" + tmp.resolve("sles")).get(0);

    assertThat(sbom.packages()).hasSize(4).extracting(Package::ecosystem).containsOnly("SUSE");
    assertThat(sbom.osEol().describe()).isEqualTo("end of life since 2025-12-31");
    assertThat(sbom.osEol().extendedUntil()).hasToString("2028-12-31");
  }

  /**
   * Distroless built from the base-files package (rules_distroless): /etc/os-release is base-files'
   * link to /usr/lib/os-release, packages are status.d stanzas only.
   */
  @Test
  void distrolessFromBaseFilesWithTheOsReleaseLink() throws IOException {
    byte[] base =
        TestArchives.tar(
            symlink("etc/os-release", "../usr/lib/os-release"),
            file(
                "usr/lib/os-release",
                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                    + "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\n"
                    + "ID=debian\n"),
            file(
                "var/lib/dpkg/status.d/base-files",
                "Package: base-files\nVersion: 12.4+deb12u11\nArchitecture: amd64\n"));
    new TestImage("amd64", List.of(base), List.of("rules_distroless"))
        .writeOciLayout(tmp.resolve("distroless-link"));

    Sbom sbom = analyzeOn2026_11_28("oci-dir:" + tmp.resolve("distroless-link")).get(0);

    assertThat(sbom.os().versionCodename()).isEqualTo("bookworm");
    assertThat(sbom.packages())
        .extracting(Package::purl)
        .containsExactly("pkg:deb/debian/base-files@12.4%2Bdeb12u11?arch=amd64&distro=debian-12");
    assertThat(sbom.osEol().state()).isEqualTo(EolStatus.State.SUPPORTED);
  }
}
