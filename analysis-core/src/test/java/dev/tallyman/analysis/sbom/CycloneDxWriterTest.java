package dev.tallyman.analysis.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.oci.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CycloneDxWriterTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "RUN x");
  private static final Sbom SBOM =
      new Sbom(
          "registry:r/app:1",
          "sha256:" + "1".repeat(64),
          "",
          "sha256:" + "2".repeat(64),
          new Platform("linux", "amd64", ""),
          new OsRelease("debian", "12", "bookworm", "Debian 12", ""),
          List.of(LAYER),
          List.of(
              new Package(
                  "Maven",
                  "org.apache.logging.log4j:log4j-core",
                  "2.14.1",
                  "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                  "",
                  "",
                  "",
                  "/app/x.jar",
                  LAYER)),
          List.of());

  @Test
  void writesCycloneDx16Deterministically() throws IOException {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    new CycloneDxWriter("0.1.0").write(SBOM, a);
    new CycloneDxWriter("0.1.0").write(SBOM, b);
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray());

    JsonNode bom = new ObjectMapper().readTree(a.toByteArray());
    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
    assertThat(bom.path("serialNumber").asText()).matches("urn:uuid:[0-9a-f-]{36}");
    assertThat(bom.at("/metadata/component/type").asText()).isEqualTo("container");
    JsonNode c = bom.path("components").get(0);
    assertThat(c.path("type").asText()).isEqualTo("library");
    assertThat(c.path("group").asText()).isEqualTo("org.apache.logging.log4j");
    assertThat(c.path("name").asText()).isEqualTo("log4j-core");
    assertThat(c.path("purl").asText())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(c.path("bom-ref").asText()).isEqualTo(SBOM.packages().get(0).id());
    assertThat(c.path("properties").findValuesAsText("value"))
        .contains(LAYER.diffId(), "/app/x.jar");
  }

  @Test
  void packageReportedTwiceYieldsOneComponent() {
    JsonNode bom = new CycloneDxWriter("0.1.0").toJson(SbomFixtures.debianAndMaven());
    // two packages plus the operating system
    assertThat(bom.path("components")).hasSize(3);
    assertThat(bom.path("components").findValuesAsText("bom-ref")).doesNotHaveDuplicates();
  }

  private static String prop(JsonNode component, String name) {
    for (JsonNode p : component.path("properties")) {
      if (p.path("name").asText().equals(name)) {
        return p.path("value").asText();
      }
    }
    return null;
  }

  @Test
  void modularityLabelAndOsEndOfLifeAreProperties() {
    JsonNode bom = new CycloneDxWriter("0.1.0").toJson(SbomFixtures.rhelModular());
    JsonNode nodejs = bom.path("components").get(0);
    assertThat(prop(nodejs, "tallyman:rpm:modularitylabel"))
        .isEqualTo("nodejs:18:9030020231120082734:rhel9");

    JsonNode os = bom.path("components").get(1);
    assertThat(os.path("type").asText()).isEqualTo("operating-system");
    assertThat(os.path("bom-ref").asText()).isEqualTo("os:rhel@9.3");
    assertThat(os.path("name").asText()).isEqualTo("rhel");
    assertThat(os.path("version").asText()).isEqualTo("9.3");
    assertThat(prop(os, "tallyman:os:eol:status")).isEqualTo("supported");
    assertThat(prop(os, "tallyman:os:eol:date")).isEqualTo("2032-05-31");
    assertThat(prop(os, "tallyman:os:eol:extendedUntil")).isEqualTo("2035-05-31");
    assertThat(prop(os, "tallyman:os:eol:asOf")).isEqualTo("2026-11-28");

    // Packages without a label carry no such property; an unknown OS has no component.
    JsonNode plain = new CycloneDxWriter("0.1.0").toJson(SbomFixtures.noDigest());
    assertThat(plain.path("components")).hasSize(1);
    assertThat(prop(plain.path("components").get(0), "tallyman:rpm:modularitylabel")).isNull();
  }

  @Test
  void tableHeaderShowsTheOsEndOfLife() {
    StringWriter out = new StringWriter();
    new TableWriter().write(SbomFixtures.rhelModular(), new PrintWriter(out));
    assertThat(out.toString())
        .contains("OS EOL:   supported until 2032-05-31 (facts as of 2026-11-28)");
    StringWriter unknown = new StringWriter();
    new TableWriter().write(SbomFixtures.noDigest(), new PrintWriter(unknown));
    assertThat(unknown.toString()).doesNotContain("OS EOL");
  }

  @Test
  void tableListsPackages() {
    StringWriter out = new StringWriter();
    new TableWriter().write(SBOM, new PrintWriter(out));
    assertThat(out.toString())
        .contains("org.apache.logging.log4j:log4j-core")
        .contains("2.14.1")
        .contains("Debian 12");
  }
}
