package dev.tallyman.report.http;

import dev.tallyman.report.search.FindingView;
import dev.tallyman.report.search.FindingsPage;
import dev.tallyman.report.search.FindingsQuery;
import dev.tallyman.report.search.FindingsSearch;
import dev.tallyman.report.search.InvalidQueryException;
import dev.tallyman.report.search.StoreUnavailableException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The findings search API. */
@Controller("/v1/findings")
@ExecuteOn(TaskExecutors.BLOCKING)
@SerdeImport(FindingsPage.class)
@SerdeImport(FindingView.class)
@SerdeImport(FindingView.Vulnerability.class)
@SerdeImport(FindingView.PackageRef.class)
@SerdeImport(FindingView.Image.class)
@SerdeImport(FindingView.Layer.class)
public class FindingsController {
  private static final Logger LOG = LoggerFactory.getLogger(FindingsController.class);
  private final FindingsSearch search;

  public FindingsController(FindingsSearch search) {
    this.search = search;
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
  @ApiResponse(
      responseCode = "503",
      description = "Elasticsearch unavailable",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
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
      @Parameter(description = "Page size, 1..500 (default 50)") @Nullable @QueryValue
          Integer size) {
    return search.search(
        FindingsQuery.of(
            vulnerability, packageName, purl, digest, repository, severity, page, size));
  }

  @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "One finding by id")
  @ApiResponse(
      responseCode = "200",
      description = "The finding",
      content = @Content(schema = @Schema(implementation = FindingView.class)))
  @ApiResponse(responseCode = "404", description = "No such finding")
  public HttpResponse<?> get(@PathVariable String id) {
    return search
        .get(id)
        .<HttpResponse<?>>map(HttpResponse::ok)
        .orElseGet(
            () ->
                HttpResponse.notFound(
                    new ApiError(HttpStatus.NOT_FOUND.getCode(), "no finding with id " + id)));
  }

  @Error(exception = InvalidQueryException.class)
  HttpResponse<ApiError> invalid(HttpRequest<?> request, InvalidQueryException e) {
    return HttpResponse.badRequest(new ApiError(400, e.getMessage()));
  }

  @Error(exception = ConversionErrorException.class)
  HttpResponse<ApiError> unconvertible(HttpRequest<?> request, ConversionErrorException e) {
    return HttpResponse.badRequest(
        new ApiError(
            400, "parameter '" + e.getArgument().getName() + "' is not valid: " + e.getMessage()));
  }

  @Error(exception = StoreUnavailableException.class)
  HttpResponse<ApiError> unavailable(HttpRequest<?> request, StoreUnavailableException e) {
    LOG.warn("search failed: {}", e.getMessage());
    return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(new ApiError(503, e.getMessage()));
  }
}
