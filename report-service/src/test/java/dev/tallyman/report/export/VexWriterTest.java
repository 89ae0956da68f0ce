package dev.tallyman.report.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.lifecycle.Lifecycle;
import dev.tallyman.report.search.FindingView;
import dev.tallyman.report.search.ImageFindings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VexWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CYCLONEDX_BASE = "http://cyclonedx.org/schema/";

  /** The official CycloneDX 1.6 schema from the cyclonedx-core-java jar, off the network. */
  private static final Schema CYCLONEDX_16 =
      SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_7,
              b -> b.schemaIdResolvers(r -> r.mapPrefix(CYCLONEDX_BASE, "classpath:")))
          .getSchema(SchemaLocation.of(CYCLONEDX_BASE + "bom-1.6.schema.json"));

  private static ImageFindings withOneFixed() throws Exception {
    ImageFindings sample = ExportFixtures.sample();
    List<FindingView> views = new ArrayList<>();
    for (int i = 0; i < sample.findings().size(); i++) {
      FindingView v = sample.findings().get(i);
      if (i == 2) {
        v =
            new FindingView(
                v.id(),
                v.vulnerability(),
                v.pkg(),
                v.image(),
                v.layer(),
                new FindingView.Status(
                    "fixed",
                    "2024-01-01T00:00:00Z",
                    "2024-01-01T00:00:00Z",
                    "2024-02-01T00:00:00Z"));
      }
      views.add(v);
    }
    return new ImageFindings(sample.digest(), 3, views);
  }

  @Test
  void isValidCycloneDx16() throws Exception {
    JsonNode bom = JSON.readTree(VexWriter.render(withOneFixed()));
    assertThat(
            CYCLONEDX_16.validate(bom).stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage()))
        .isEmpty();
    assertThat(bom.at("/specVersion").asText()).isEqualTo("1.6");
    assertThat(bom.at("/metadata/component/type").asText()).isEqualTo("container");
    assertThat(bom.at("/metadata/component/version").asText()).isEqualTo(ExportFixtures.DIGEST);
  }

  @Test
  void activeFindingsAreInTriageAndFixedOnesResolved() throws Exception {
    JsonNode bom = JSON.readTree(VexWriter.render(withOneFixed()));
    JsonNode vulns = bom.at("/vulnerabilities");
    assertThat(vulns.size()).isEqualTo(3);
    assertThat(vulns.at("/0/id").asText()).isEqualTo("CVE-2024-1");
    assertThat(vulns.at("/0/analysis/state").asText()).isEqualTo("in_triage");
    assertThat(vulns.at("/0/ratings/0/severity").asText()).isEqualTo("high");
    assertThat(vulns.at("/0/ratings/0/score").asDouble()).isEqualTo(7.5);
    assertThat(vulns.at("/0/references/0/id").asText()).isEqualTo("DSA-1");
    assertThat(vulns.at("/0/recommendation").asText()).contains("3.0.13");
    assertThat(vulns.at("/2/analysis/state").asText()).isEqualTo("resolved");
    assertThat(vulns.at("/2/analysis/response/0").asText()).isEqualTo("update");
    assertThat(vulns.at("/2/analysis/lastUpdated").asText()).isEqualTo("2024-02-01T00:00:00Z");
    // every affects ref points at a component
    List<String> refs = new ArrayList<>();
    bom.at("/components").forEach(c -> refs.add(c.at("/bom-ref").asText()));
    vulns.forEach(v -> assertThat(refs).contains(v.at("/affects/0/ref").asText()));
    assertThat(refs).contains(ExportFixtures.OPENSSL.getPurl());
    // stable serial number for the same content
    assertThat(JSON.readTree(VexWriter.render(withOneFixed())).at("/serialNumber"))
        .isEqualTo(bom.at("/serialNumber"));
  }

  @Test
  void lifecycleFieldsReachTheView() {
    Map<String, Object> src = new java.util.LinkedHashMap<>();
    FindingDocuments.put(src, Lifecycle.STATUS, "reopened");
    FindingDocuments.put(src, Lifecycle.FIRST_SEEN, "2024-01-01T00:00:00Z");
    FindingView v = FindingView.fromSource("x", src);
    assertThat(v.lifecycle().status()).isEqualTo("reopened");
    assertThat(v.lifecycle().firstSeen()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(FindingView.fromSource("y", Map.of()).lifecycle().status()).isEqualTo("open");
  }
}
