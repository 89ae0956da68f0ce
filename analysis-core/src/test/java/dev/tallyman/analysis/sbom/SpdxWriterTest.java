package dev.tallyman.analysis.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.catalog.Package;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpdxWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode write(Sbom sbom) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SpdxWriter("0.1.0").write(sbom, out);
    return JSON.readTree(out.toByteArray());
  }

  @Test
  void documentHeader() throws IOException {
    Sbom sbom = SbomFixtures.debianAndMaven();
    JsonNode doc = write(sbom);
    assertThat(doc.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
    assertThat(doc.path("dataLicense").asText()).isEqualTo("CC0-1.0");
    assertThat(doc.path("SPDXID").asText()).isEqualTo("SPDXRef-DOCUMENT");
    assertThat(doc.path("name").asText()).isEqualTo(sbom.source());
    assertThat(doc.path("documentNamespace").asText())
        .isEqualTo("https://tallyman.dev/spdx/" + sbom.imageDigest());
    assertThat(doc.at("/creationInfo/created").asText()).isEqualTo(SpdxWriter.CREATED);
    assertThat(doc.at("/creationInfo/creators/0").asText()).isEqualTo("Tool: tallyman-0.1.0");
  }

  @Test
  void modularityLabelIsAPackageAnnotationAndOsEndOfLifeIsInTheImageComment() throws IOException {
    JsonNode doc = write(SbomFixtures.rhelModular());
    JsonNode image = doc.path("packages").get(0);
    assertThat(image.path("comment").asText())
        .contains("os Red Hat Enterprise Linux 9.3 (Plow)")
        .contains("os end of life: supported until 2032-05-31");
    JsonNode nodejs = doc.path("packages").get(1);
    assertThat(nodejs.path("name").asText()).isEqualTo("nodejs");
    assertThat(nodejs.at("/annotations/0/annotationType").asText()).isEqualTo("OTHER");
    assertThat(nodejs.at("/annotations/0/comment").asText())
        .isEqualTo("tallyman:rpm:modularitylabel=nodejs:18:9030020231120082734:rhel9");
    // No label, no annotation.
    assertThat(write(SbomFixtures.debianAndMaven()).findValues("annotations")).isEmpty();
  }

  @Test
  void packagesAndRelationships() throws IOException {
    Sbom sbom = SbomFixtures.debianAndMaven();
    JsonNode doc = write(sbom);
    JsonNode packages = doc.path("packages");
    // image + openssl + log4j (the duplicate log4j collapses into one)
    assertThat(packages).hasSize(3);
    assertThat(packages.get(0).path("SPDXID").asText()).isEqualTo("SPDXRef-Image");
    assertThat(packages.get(0).path("versionInfo").asText()).isEqualTo(sbom.imageDigest());

    Package log4j = sbom.packages().get(1);
    // sorted by name: "openssl" < "org.apache..."
    assertThat(packages.get(1).path("name").asText()).isEqualTo("openssl");
    JsonNode p = packages.get(2);
    assertThat(p.path("SPDXID").asText()).isEqualTo("SPDXRef-Package-" + log4j.id());
    assertThat(p.path("name").asText()).isEqualTo(log4j.name());
    assertThat(p.path("versionInfo").asText()).isEqualTo("2.14.1");
    assertThat(p.path("downloadLocation").asText()).isEqualTo("NOASSERTION");
    assertThat(p.path("filesAnalyzed").asBoolean(true)).isFalse();
    assertThat(p.path("licenseConcluded").asText()).isEqualTo("NOASSERTION");
    assertThat(p.path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
    assertThat(p.path("copyrightText").asText()).isEqualTo("NOASSERTION");
    assertThat(p.at("/externalRefs/0/referenceCategory").asText()).isEqualTo("PACKAGE-MANAGER");
    assertThat(p.at("/externalRefs/0/referenceType").asText()).isEqualTo("purl");
    assertThat(p.at("/externalRefs/0/referenceLocator").asText()).isEqualTo(log4j.purl());
    assertThat(p.path("sourceInfo").asText())
        .contains(log4j.path())
        .contains(SbomFixtures.APP.diffId());

    JsonNode rels = doc.path("relationships");
    assertThat(rels).hasSize(3);
    assertThat(rels.get(0).path("spdxElementId").asText()).isEqualTo("SPDXRef-DOCUMENT");
    assertThat(rels.get(0).path("relationshipType").asText()).isEqualTo("DESCRIBES");
    assertThat(rels.get(0).path("relatedSpdxElement").asText()).isEqualTo("SPDXRef-Image");
    List<String> contained = new ArrayList<>();
    for (int i = 1; i < rels.size(); i++) {
      assertThat(rels.get(i).path("spdxElementId").asText()).isEqualTo("SPDXRef-Image");
      assertThat(rels.get(i).path("relationshipType").asText()).isEqualTo("CONTAINS");
      contained.add(rels.get(i).path("relatedSpdxElement").asText());
    }
    assertThat(contained)
        .containsExactly(
            packages.get(1).path("SPDXID").asText(), packages.get(2).path("SPDXID").asText());
  }

  @Test
  void outputDoesNotDependOnPackageOrder() throws IOException {
    Sbom sbom = SbomFixtures.oddCharacters();
    List<Package> reversed = new ArrayList<>(sbom.packages());
    Collections.reverse(reversed);
    Sbom shuffled =
        new Sbom(
            sbom.source(),
            sbom.imageDigest(),
            sbom.indexDigest(),
            sbom.configDigest(),
            sbom.platform(),
            sbom.os(),
            sbom.layers(),
            reversed,
            sbom.notes());
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    new SpdxWriter("0.1.0").write(sbom, a);
    new SpdxWriter("0.1.0").write(shuffled, b);
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
  }

  @Test
  void oddCharactersSurviveAndEpochsAreKept() throws IOException {
    Sbom sbom = SbomFixtures.oddCharacters();
    JsonNode doc = write(sbom);
    assertThat(doc.path("name").asText()).isEqualTo(sbom.source());
    assertThat(doc.path("packages").findValuesAsText("versionInfo"))
        .contains("1:2.36-9+deb12u4", "0:1.0~rc1+git20240101.abc/def");
    assertThat(doc.path("packages").findValuesAsText("name"))
        .contains("weird name with spaces & \"quotes\" \u00e9\t<tab>");
    for (JsonNode p : doc.path("packages")) {
      assertThat(p.path("SPDXID").asText()).matches("SPDXRef-[A-Za-z0-9.-]+");
    }
  }

  @Test
  void namespaceWithoutDigestIsStablePerSource() throws IOException {
    String a = write(SbomFixtures.noDigest()).path("documentNamespace").asText();
    String b = write(SbomFixtures.noDigest()).path("documentNamespace").asText();
    assertThat(a).isEqualTo(b).startsWith("https://tallyman.dev/spdx/source-");
    assertThat(java.net.URI.create(a).isAbsolute()).isTrue();
  }
}
