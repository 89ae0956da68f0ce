package dev.tallyman.cli.sbom;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.sbom.SbomSchemas;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import dev.tallyman.cli.TallymanCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomCommandTest {
  private static final String OS_RELEASE =
      "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";
  private static final String STATUS =
      "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n";

  @TempDir Path tmp;

  private static byte[] log4jJar() {
    return TestArchives.jar(
        Map.of(),
        Map.of(
            "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties",
            TestArchives.pomProperties("org.apache.logging.log4j", "log4j-core", "2.14.1")));
  }

  private static List<String> purls(Path bom) throws IOException {
    JsonNode json = new ObjectMapper().readTree(bom.toFile());
    assertThat(json.path("specVersion").asText()).isEqualTo("1.6");
    assertThat(SbomSchemas.cycloneDx16(json)).isEmpty();
    return json.path("components").findValuesAsText("purl");
  }

  @Test
  void dirTargetToCycloneDx() throws IOException {
    Path root = tmp.resolve("rootfs");
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("var/lib/dpkg"));
    Files.createDirectories(root.resolve("app"));
    Files.writeString(root.resolve("etc/os-release"), OS_RELEASE);
    Files.writeString(root.resolve("var/lib/dpkg/status"), STATUS);
    Files.write(root.resolve("app/log4j-core.jar"), log4jJar());
    Path out = tmp.resolve("bom.json");

    int code =
        TallymanCommand.execute(
            "sbom", "dir:" + root, "--format", "cyclonedx-json", "--output", out.toString());

    assertThat(code).isZero();
    assertThat(purls(out))
        .containsExactly(
            "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
  }

  @Test
  void ociDirTargetWithPlatformSelection() throws IOException {
    byte[] base =
        TestArchives.tar(file("etc/os-release", OS_RELEASE), file("var/lib/dpkg/status", STATUS));
    TestImage amd = new TestImage("amd64", List.of(base), List.of("ADD rootfs /"));
    TestImage arm =
        new TestImage(
            "arm64",
            List.of(base, TestArchives.tar(file("opt/app.jar", log4jJar()))),
            List.of("ADD rootfs /", "COPY app.jar /opt/"));
    Path layout = TestImage.writeOciLayout(tmp.resolve("layout"), List.of(amd, arm), null);
    Path out = tmp.resolve("arm.json");

    int code =
        TallymanCommand.execute(
            "sbom",
            "oci-dir:" + layout,
            "--format",
            "cyclonedx-json",
            "--platform",
            "linux/arm64",
            "--output",
            out.toString());

    assertThat(code).isZero();
    assertThat(purls(out)).contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    JsonNode json = new ObjectMapper().readTree(out.toFile());
    assertThat(json.at("/metadata/component/version").asText()).isEqualTo(arm.manifestDigest);
  }

  @Test
  void ociDirTargetToSpdx() throws IOException {
    TestImage img =
        new TestImage(
            "amd64",
            List.of(
                TestArchives.tar(
                    file("etc/os-release", OS_RELEASE), file("var/lib/dpkg/status", STATUS)),
                TestArchives.tar(file("opt/app.jar", log4jJar()))),
            List.of("ADD rootfs /", "COPY app.jar /opt/"));
    Path layout = img.writeOciLayout(tmp.resolve("spdx"));
    Path out = tmp.resolve("sbom.spdx.json");

    int code =
        TallymanCommand.execute(
            "sbom", "oci-dir:" + layout, "--format", "spdx-json", "--output", out.toString());

    assertThat(code).isZero();
    JsonNode doc = new ObjectMapper().readTree(out.toFile());
    assertThat(SbomSchemas.spdx23(doc)).isEmpty();
    assertThat(doc.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
    assertThat(doc.path("documentNamespace").asText()).endsWith(img.manifestDigest);
    assertThat(doc.path("packages").findValuesAsText("referenceLocator"))
        .containsExactlyInAnyOrder(
            "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    // DESCRIBES the image, which CONTAINS both packages
    assertThat(doc.path("relationships").findValuesAsText("relationshipType"))
        .containsExactly("DESCRIBES", "CONTAINS", "CONTAINS");
  }

  @Test
  void unknownFormatListsTheKnownOnes() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = TallymanCommand.execute("sbom", "dir:" + tmp, "--format", "spdx-tag-value");
    } finally {
      System.setErr(old);
    }
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("spdx-tag-value")
        .contains("table, cyclonedx-json, spdx-json");
  }

  @Test
  void tableIsTheDefaultFormat() throws IOException {
    TestImage img =
        new TestImage(
            "amd64",
            List.of(
                TestArchives.tar(
                    file("etc/os-release", OS_RELEASE), file("var/lib/dpkg/status", STATUS))),
            List.of("ADD /"));
    Path layout = img.writeOciLayout(tmp.resolve("one"));
    Path out = tmp.resolve("table.txt");

    assertThat(TallymanCommand.execute("sbom", "oci-dir:" + layout, "--output", out.toString()))
        .isZero();
    assertThat(Files.readString(out))
        .contains("zlib1g")
        .contains("1:1.2.13.dfsg-1")
        .contains(img.manifestDigest);
  }

  @Test
  void analysisErrorsExitOneWithAMessage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int missing;
    int unknown;
    try {
      missing = TallymanCommand.execute("sbom", "oci-dir:" + tmp.resolve("nope"));
      unknown = TallymanCommand.execute("sbom", "ftp:somewhere");
    } finally {
      System.setErr(old);
    }
    assertThat(missing).isEqualTo(1);
    assertThat(unknown).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("does not exist")
        .contains("unknown target");
  }
}
