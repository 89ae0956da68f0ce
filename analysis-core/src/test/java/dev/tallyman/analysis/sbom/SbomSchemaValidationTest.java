package dev.tallyman.analysis.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both writers' output against the official CycloneDX 1.6 and SPDX 2.3 JSON schemas. */
class SbomSchemaValidationTest {

  static Stream<Arguments> sboms() {
    return Stream.of(
        Arguments.of("empty image", SbomFixtures.empty()),
        Arguments.of("debian and maven", SbomFixtures.debianAndMaven()),
        Arguments.of("odd characters and epochs", SbomFixtures.oddCharacters()),
        Arguments.of("directory without digest", SbomFixtures.noDigest()),
        Arguments.of("rhel module stream and os end of life", SbomFixtures.rhelModular()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sboms")
  void cycloneDxOutputIsValid(String name, Sbom sbom) {
    assertThat(SbomSchemas.cycloneDx16(new CycloneDxWriter("0.1.0").toJson(sbom))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sboms")
  void spdxOutputIsValid(String name, Sbom sbom) {
    assertThat(SbomSchemas.spdx23(new SpdxWriter("0.1.0").toJson(sbom))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sboms")
  void brokenCycloneDxFails(String name, Sbom sbom) {
    ObjectNode bom = new CycloneDxWriter("0.1.0").toJson(sbom);
    bom.put("specVersion", 1.6); // a number, the schema wants a string
    bom.remove("bomFormat"); // required
    assertThat(SbomSchemas.cycloneDx16(bom))
        .anySatisfy(m -> assertThat(m).contains("specVersion"))
        .anySatisfy(m -> assertThat(m).contains("bomFormat"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sboms")
  void brokenSpdxFails(String name, Sbom sbom) {
    ObjectNode doc = new SpdxWriter("0.1.0").toJson(sbom);
    doc.remove("documentNamespace"); // required
    ((ArrayNode) doc.get("packages")).addObject().put("name", "no SPDXID"); // SPDXID required
    assertThat(SbomSchemas.spdx23(doc))
        .anySatisfy(m -> assertThat(m).contains("documentNamespace"))
        .anySatisfy(m -> assertThat(m).contains("SPDXID"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sboms")
  void referencedSchemasAreLoadedToo(String name, Sbom sbom) {
    // the license id enum lives in spdx.schema.json, the signature in jsf-0.82.schema.json: a
    // failure here proves bom-1.6's $refs resolve (from the classpath) and are enforced
    ObjectNode bom = new CycloneDxWriter("0.1.0").toJson(sbom);
    ObjectNode c = ((ArrayNode) bom.withArray("components")).addObject();
    c.put("type", "library").put("name", "x");
    c.putArray("licenses").addObject().putObject("license").put("id", "Not-A-Real-License-Id");
    bom.putObject("signature").put("algorithm", 42);
    assertThat(SbomSchemas.cycloneDx16(bom))
        .anySatisfy(m -> assertThat(m).contains("licenses"))
        .anySatisfy(m -> assertThat(m).contains("signature"));
  }
}
