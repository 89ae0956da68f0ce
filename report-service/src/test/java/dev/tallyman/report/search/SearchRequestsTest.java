package dev.tallyman.report.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.report.Reports;
import dev.tallyman.report.access.Principal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void noFiltersMatchesEverythingWithAStableSort() throws Exception {
    JsonNode body = body(FindingsQuery.of(null, null, null, null, null, null, 1, 20));

    assertThat(
            body.at("/query/bool/filter/0/bool/filter").isMissingNode()
                || body.at("/query/bool/filter/0/bool/filter").isEmpty())
        .isTrue();
    assertThat(body.at("/from").asInt()).isEqualTo(20);
    assertThat(body.at("/size").asInt()).isEqualTo(20);
    assertThat(body.at("/track_total_hits").asBoolean()).isTrue();
    List<String> sortFields =
        JSON.convertValue(body.at("/sort"), List.class).stream()
            .map(o -> ((java.util.Map<?, ?>) o).keySet().iterator().next().toString())
            .toList();
    assertThat(sortFields)
        .containsExactly(
            "tallyman.vulnerability.severity_rank",
            "vulnerability.score.base",
            "vulnerability.id",
            "tallyman.finding.id");
  }

  @Test
  void everyFilterBecomesATermFilter() throws Exception {
    String digest = Reports.digest("a");
    JsonNode body =
        body(
            FindingsQuery.of(
                "cve-2024-1",
                "openssl",
                "pkg:deb/debian/openssl@3",
                digest,
                "library/debian",
                List.of("high", "critical"),
                null,
                null));
    String filters = body.at("/query/bool/filter/0/bool/filter").toString();

    // vulnerability: id or alias, case-insensitively
    JsonNode vuln = body.at("/query/bool/filter/0/bool/filter/0/bool");
    assertThat(vuln.at("/minimum_should_match").asText()).isEqualTo("1");
    assertThat(vuln.at("/should/0/term/vulnerability.id/value").asText()).isEqualTo("cve-2024-1");
    assertThat(vuln.at("/should/0/term/vulnerability.id/case_insensitive").asBoolean()).isTrue();
    assertThat(vuln.at("/should/1/term/tallyman.vulnerability.aliases/value").asText())
        .isEqualTo("cve-2024-1");
    assertThat(body.at("/query/bool/filter/0/bool/filter/1/term/package.name/value").asText())
        .isEqualTo("openssl");
    assertThat(
            body.at("/query/bool/filter/0/bool/filter/2/term/tallyman.package.purl/value").asText())
        .isEqualTo("pkg:deb/debian/openssl@3");
    assertThat(
            body.at("/query/bool/filter/0/bool/filter/3/term/container.image.hash.all/value")
                .asText())
        .isEqualTo(digest);
    assertThat(filters).contains("tallyman.image.repository").contains("container.image.name");
    assertThat(
            body.at("/query/bool/filter/0/bool/filter/5/terms/vulnerability.severity").toString())
        .isEqualTo("[\"high\",\"critical\"]");
    // without a status term only active findings match; an unrestricted caller adds no tenant term
    assertThat(body.at("/query/bool/must_not/0/terms/tallyman.finding.status").toString())
        .isEqualTo("[\"fixed\",\"deleted\"]");
    assertThat(body.at("/query/bool/filter").size()).isEqualTo(1);
  }

  @Test
  void searchesThroughTheAlias() {
    SearchRequest r =
        SearchRequests.build(
            FindingsQuery.of(null, null, null, null, null, null, null, null),
            "my-alias",
            Principal.UNRESTRICTED);
    assertThat(r.index()).containsExactly("my-alias");
  }

  private static JsonNode body(FindingsQuery q) throws Exception {
    SearchRequest r = SearchRequests.build(q, "alias", Principal.UNRESTRICTED);
    return JSON.readTree(JsonpUtils.toJsonString(r, new JacksonJsonpMapper()));
  }
}
