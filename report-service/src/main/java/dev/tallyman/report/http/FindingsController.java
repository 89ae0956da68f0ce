package dev.tallyman.report.http;

import dev.tallyman.report.search.FacetSearch;
import dev.tallyman.report.search.Facets;
import dev.tallyman.report.search.FacetsQuery;
import dev.tallyman.report.search.FindingView;
import dev.tallyman.report.search.FindingsPage;
import dev.tallyman.report.search.FindingsQuery;
import dev.tallyman.report.search.FindingsSearch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.SerdeImport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The findings search API. */
@Controller("/v1/findings")
@ExecuteOn(TaskExecutors.BLOCKING)
@SerdeImport(FindingsPage.class)
@SerdeImport(FindingView.class)
@SerdeImport(FindingView.Vulnerability.class)
@SerdeImport(FindingView.PackageRef.class)
@SerdeImport(FindingView.Image.class)
@SerdeImport(FindingView.ImageLocation.class)
@SerdeImport(FindingView.Layer.class)
@SerdeImport(FindingView.Status.class)
@SerdeImport(Facets.class)
@SerdeImport(Facets.Facet.class)
@SerdeImport(Facets.Bucket.class)
public class FindingsController {
  private final FindingsSearch search;
  private final FacetSearch facets;

  public FindingsController(FindingsSearch search, FacetSearch facets) {
    this.search = search;
    this.facets = facets;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Search findings",
      description =
          "Filters combine with AND; severity may repeat (OR). Sorted by severity, then CVSS score.")
  @ApiResponse(responseCode = "200", description = "One page of findings")
  @ApiResponse(
      responseCode = "400",
      description = "Invalid parameter",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @ErrorResponses.Unavailable
  public FindingsPage search(
      @Parameter(description = "Vulnerability id or alias, e.g. CVE-2023-4911")
          @Nullable
          @QueryValue
          String vulnerability,
      @Parameter(description = "Package name") @Nullable @QueryValue("package") String packageName,
      @Parameter(description = "Package URL") @Nullable @QueryValue String purl,
      @Parameter(description = "Image manifest digest") @Nullable @QueryValue String digest,
      @Parameter(description = "Repository, with or without registry") @Nullable @QueryValue
          String repository,
      @Parameter(description = "critical, high, medium, low, negligible, unknown (repeatable)")
          @Nullable
          @QueryValue
          List<String> severity,
      @Parameter(description = "0-based page") @Nullable @QueryValue Integer page,
      @Parameter(description = "Page size, 1..500 (default 50)") @Nullable @QueryValue Integer size,
      @Parameter(
              description =
                  "Query language, e.g. `severity:critical AND fixable:true AND"
                      + " repository:payments/*`: field:value, field>value, AND, OR, NOT,"
                      + " parentheses, \"quoted values\", * and ? wildcards. Without a status"
                      + " term only active (open, reopened) findings match.")
          @Nullable
          @QueryValue
          @Size(max = 2000)
          String q,
      @Parameter(
              description =
                  "Order, e.g. `severity:desc,first_seen:asc` (keys: severity, cvss, epss,"
                      + " first_seen, last_seen, fixed_at, vulnerability, package, repository,"
                      + " digest)")
          @Nullable
          @QueryValue
          @Size(max = 256)
          String sort,
      @Parameter(
              description =
                  "`*` starts search_after paging on a point in time (stable while indexing"
                      + " goes on); then pass the `next` of the previous page")
          @Nullable
          @QueryValue
          @Size(max = 8192)
          String cursor,
      @Parameter(
              description =
                  "Also the findings of images deleted from every registry (as `status:deleted`"
                      + " in q does)")
          @Nullable
          @QueryValue("include_deleted")
          Boolean includeDeleted,
      HttpRequest<?> request) {
    return search.search(
        FindingsQuery.of(vulnerability, packageName, purl, digest, repository, severity, page, size)
            .withLanguage(q, sort, cursor)
            .includingDeleted(Boolean.TRUE.equals(includeDeleted)),
        AuthFilter.principal(request));
  }

  @Get(uri = "/facets", produces = MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Count findings by dimension",
      description =
          "Top buckets (terms aggregation) per requested dimension over the findings matching the"
              + " same filters as /v1/findings; `other` counts findings outside the buckets shown.")
  @ApiResponse(
      responseCode = "200",
      description = "Counts per dimension",
      content = @Content(schema = @Schema(implementation = Facets.class)))
  @ApiResponse(
      responseCode = "400",
      description = "Unknown dimension or invalid parameter",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @ErrorResponses.Unavailable
  public Facets facets(
      @Parameter(
              description =
                  "severity, repository, vulnerability, package, kev, cwe (comma separated)")
          @Nullable
          @QueryValue
          List<String> by,
      @Parameter(description = "Vulnerability id or alias") @Nullable @QueryValue @Size(max = 512)
          String vulnerability,
      @Parameter(description = "Package name") @Nullable @QueryValue("package") @Size(max = 512)
          String packageName,
      @Parameter(description = "Package URL") @Nullable @QueryValue @Size(max = 512) String purl,
      @Parameter(description = "Image manifest digest") @Nullable @QueryValue String digest,
      @Parameter(description = "Repository, with or without registry")
          @Nullable
          @QueryValue
          @Size(max = 512)
          String repository,
      @Parameter(description = "Severity filter (repeatable)") @Nullable @QueryValue
          List<String> severity,
      @Parameter(description = "Buckets per dimension, 1..100 (default 10)")
          @Nullable
          @QueryValue
          @Min(1)
          @Max(FacetsQuery.MAX_SIZE)
          Integer size,
      @Parameter(description = "Query language, as for /v1/findings")
          @Nullable
          @QueryValue
          @Size(max = 2000)
          String q,
      @Parameter(description = "Also the findings of images deleted from every registry")
          @Nullable
          @QueryValue("include_deleted")
          Boolean includeDeleted,
      HttpRequest<?> request) {
    FindingsQuery filters =
        FindingsQuery.of(vulnerability, packageName, purl, digest, repository, severity, null, null)
            .withLanguage(q, null, null)
            .includingDeleted(Boolean.TRUE.equals(includeDeleted));
    return facets.facets(FacetsQuery.of(by, size, filters), AuthFilter.principal(request));
  }

  @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "One finding by id")
  @ApiResponse(
      responseCode = "200",
      description = "The finding",
      content = @Content(schema = @Schema(implementation = FindingView.class)))
  @ApiResponse(responseCode = "404", description = "No such finding")
  public HttpResponse<?> get(@PathVariable String id, HttpRequest<?> request) {
    return search
        .get(id, AuthFilter.principal(request))
        .<HttpResponse<?>>map(HttpResponse::ok)
        .orElseGet(
            () ->
                HttpResponse.notFound(
                    new ApiError(HttpStatus.NOT_FOUND.getCode(), "no finding with id " + id)));
  }
}
