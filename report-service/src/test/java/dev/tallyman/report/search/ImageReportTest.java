package dev.tallyman.report.search;

import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.index.FindingDocuments;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageReportTest {
  @Test
  void countsListEverySeverityWorstFirst() {
    Map<String, Long> counts = ImageReport.severityCounts(Map.of("high", 3L, "unknown", 1L));
    assertThat(List.copyOf(counts.keySet()))
        .containsExactly("critical", "high", "medium", "low", "negligible", "unknown");
    assertThat(counts.values()).containsExactly(0L, 3L, 0L, 0L, 0L, 1L);
  }

  @Test
  void factsComeFromAStoredDocument() throws Exception {
    String d = digest("facts");
    Map<String, Object> src =
        FindingDocuments.of(
                report(d, "reg:5000", "library/debian", "12")
                    .addFindings(finding("CVE-1", Severity.SEVERITY_LOW, 1, "", pkg("bash", "5")))
                    .build(),
                Instant.EPOCH)
            .get(0)
            .source();

    ImageReport.Facts f =
        ImageReport.facts(d, src, dev.tallyman.report.access.Principal.UNRESTRICTED);

    assertThat(f.digest()).isEqualTo(d);
    assertThat(f.registry()).isEqualTo("reg:5000");
    assertThat(f.repository()).isEqualTo("library/debian");
    assertThat(f.name()).isEqualTo("reg:5000/library/debian");
    assertThat(f.tags()).containsExactly("12");
    assertThat(f.platform()).isEqualTo("linux/amd64");
    assertThat(f.os().id()).isEqualTo("debian");
    assertThat(f.os().versionId()).isEqualTo("12");
    assertThat(f.os().codename()).isEqualTo("bookworm");
    assertThat(f.reportId()).isEqualTo("report-" + d.substring(7, 19));
  }

  @Test
  void theRequestPagesFindingsAndAggregatesSeveritiesAndFacts() throws Exception {
    String d = digest("req");
    FindingsQuery q = FindingsQuery.of(null, null, null, d, null, null, 2, 10);
    JsonNode body =
        new ObjectMapper()
            .readTree(
                JsonpUtils.toJsonString(
                    ImageReportSearch.build(q, "alias", Principal.UNRESTRICTED),
                    new JacksonJsonpMapper()));
    assertThat(body.at("/from").asInt()).isEqualTo(20);
    assertThat(body.at("/size").asInt()).isEqualTo(10);
    assertThat(body.at("/query").toString()).contains(d);
    assertThat(body.at("/aggregations/severities/terms/field").asText())
        .isEqualTo("vulnerability.severity");
    assertThat(body.at("/aggregations/facts/top_hits/size").asInt()).isEqualTo(1);
  }
}
