package dev.tallyman.report.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.report.access.Principal;
import java.util.List;
import org.junit.jupiter.api.Test;

class FacetsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FindingsQuery NO_FILTERS =
      FindingsQuery.of(null, null, null, null, null, null, null, null);

  @Test
  void parsesCommaSeparatedAndRepeatedDimensionsInOrderWithoutDuplicates() {
    FacetsQuery q =
        FacetsQuery.of(List.of("package,SEVERITY", "package", " repository "), null, NO_FILTERS);
    assertThat(q.dimensions())
        .containsExactly(
            FacetDimension.PACKAGE, FacetDimension.SEVERITY, FacetDimension.REPOSITORY);
    assertThat(q.size()).isEqualTo(FacetsQuery.DEFAULT_SIZE);
  }

  @Test
  void rejectsUnknownMissingDimensionsAndBadSizes() {
    assertThatThrownBy(() -> FacetsQuery.of(List.of("severity,colour"), null, NO_FILTERS))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("unknown facet dimension 'colour'")
        .hasMessageContaining("severity, repository, vulnerability, package");
    assertThatThrownBy(() -> FacetsQuery.of(null, null, NO_FILTERS))
        .hasMessageContaining("by is required");
    assertThatThrownBy(() -> FacetsQuery.of(List.of(","), null, NO_FILTERS))
        .hasMessageContaining("by is required");
    assertThatThrownBy(() -> FacetsQuery.of(List.of("severity"), 101, NO_FILTERS))
        .hasMessageContaining("size must be between 1 and 100");
    assertThatThrownBy(() -> FacetsQuery.of(List.of("severity"), 0, NO_FILTERS))
        .hasMessageContaining("size must be between 1 and 100");
  }

  @Test
  void buildsOneTermsAggregationPerDimensionOverTheFilters() throws Exception {
    FindingsQuery filters =
        FindingsQuery.of(null, null, null, null, "team/app", List.of("high"), null, null);
    FacetsQuery q = FacetsQuery.of(List.of("repository,vulnerability"), 7, filters);

    JsonNode body =
        JSON.readTree(
            JsonpUtils.toJsonString(
                FacetRequests.build(q, "alias", Principal.UNRESTRICTED), new JacksonJsonpMapper()));

    assertThat(body.at("/size").asInt()).isZero();
    assertThat(body.at("/track_total_hits").asBoolean()).isTrue();
    assertThat(body.at("/aggregations/repository/terms/field").asText())
        .isEqualTo("container.image.name");
    assertThat(body.at("/aggregations/repository/terms/size").asInt()).isEqualTo(7);
    assertThat(body.at("/aggregations/vulnerability/terms/field").asText())
        .isEqualTo("vulnerability.id");
    assertThat(body.at("/aggregations/vulnerability/terms/order/0/_count").asText())
        .isEqualTo("desc");
    assertThat(body.at("/aggregations/severity").isMissingNode()).isTrue();
    // same filters as the findings search
    assertThat(body.at("/query").toString())
        .contains("team/app")
        .contains("vulnerability.severity")
        .contains("high");
  }
}
