package dev.tallyman.report.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.report.search.ImageFindings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SarifWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void oneRulePerVulnerabilityAndOneResultPerFinding() throws Exception {
    ImageFindings image = ExportFixtures.sample();
    JsonNode log = JSON.readTree(SarifWriter.render(image));

    assertThat(log.at("/version").asText()).isEqualTo("2.1.0");
    assertThat(log.at("/$schema").asText()).contains("sarif-schema-2.1.0");
    JsonNode run = log.at("/runs/0");
    assertThat(run.at("/tool/driver/name").asText()).isEqualTo("tallyman");
    JsonNode rules = run.at("/tool/driver/rules");
    assertThat(rules).hasSize(2);
    List<String> ruleIds = new ArrayList<>();
    rules.forEach(r -> ruleIds.add(r.at("/id").asText()));
    assertThat(ruleIds).containsExactlyInAnyOrder("CVE-2024-1", "CVE-2024-2");
    JsonNode results = run.at("/results");
    assertThat(results).hasSize(3);
    for (JsonNode r : results) {
      int idx = r.at("/ruleIndex").asInt();
      assertThat(rules.get(idx).at("/id").asText()).isEqualTo(r.at("/ruleId").asText());
      assertThat(r.at("/partialFingerprints/tallymanFindingId~1v1").asText()).hasSize(64);
    }
    assertThat(run.at("/properties/imageDigest").asText()).isEqualTo(ExportFixtures.DIGEST);
    assertThat(run.at("/properties/truncated").asBoolean()).isFalse();
  }

  @Test
  void levelsAndSecuritySeverityFollowTheSeverity() throws Exception {
    JsonNode run = JSON.readTree(SarifWriter.render(ExportFixtures.sample())).at("/runs/0");
    JsonNode cve1 = rule(run, "CVE-2024-1");
    JsonNode cve2 = rule(run, "CVE-2024-2");
    // the rule carries the worst score of its findings (8.8 of the two)
    assertThat(cve1.at("/properties/security-severity").asText()).isEqualTo("8.8");
    assertThat(cve1.at("/defaultConfiguration/level").asText()).isEqualTo("error");
    assertThat(cve1.at("/properties/aliases/0").asText()).isEqualTo("DSA-1");
    // no CVSS score: the middle of the medium band
    assertThat(cve2.at("/properties/security-severity").asText()).isEqualTo("5.5");
    assertThat(cve2.at("/defaultConfiguration/level").asText()).isEqualTo("warning");

    JsonNode first = run.at("/results/0");
    assertThat(first.at("/level").asText()).isEqualTo("error");
    assertThat(first.at("/message/text").asText())
        .isEqualTo("openssl 3.0.11 is affected by CVE-2024-1 (high); fixed in 3.0.13");
    assertThat(first.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("var/lib/dpkg/status");
    assertThat(first.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText())
        .isEqualTo(ExportFixtures.OPENSSL.getPurl());

    assertThat(SarifWriter.level("critical")).isEqualTo("error");
    assertThat(SarifWriter.level("low")).isEqualTo("note");
    assertThat(SarifWriter.level(null)).isEqualTo("note");
    assertThat(SarifWriter.securitySeverity("critical", null)).isGreaterThanOrEqualTo(9.0);
    assertThat(SarifWriter.securitySeverity("low", 0.0)).isBetween(0.1, 3.9);
    assertThat(SarifWriter.securitySeverity("low", 12.0)).isEqualTo(10.0);
  }

  @Test
  void marksATruncatedExportAndEscapesPaths() throws Exception {
    ImageFindings image = ExportFixtures.sample();
    ImageFindings capped = new ImageFindings(image.digest(), 20_000, image.findings());
    assertThat(
            JSON.readTree(SarifWriter.render(capped))
                .at("/runs/0/properties/truncated")
                .asBoolean())
        .isTrue();
    assertThat(SarifWriter.uri("usr/lib/my lib/x.jar")).isEqualTo("usr/lib/my%20lib/x.jar");
  }

  private static JsonNode rule(JsonNode run, String id) {
    for (JsonNode r : run.at("/tool/driver/rules")) {
      if (r.at("/id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no rule " + id);
  }
}
