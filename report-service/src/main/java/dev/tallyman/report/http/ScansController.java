package dev.tallyman.report.http;

import dev.tallyman.report.search.ImageStateSearch;
import dev.tallyman.report.search.ScanStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.SerdeImport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Pipeline status of a digest, as far as the report-service sees it (operator role). */
@Controller("/v1/scans")
@ExecuteOn(TaskExecutors.BLOCKING)
@SerdeImport(ScanStatus.class)
@SerdeImport(ScanStatus.Stage.class)
public class ScansController {
  private final ImageStateSearch state;

  public ScansController(ImageStateSearch state) {
    this.state = state;
  }

  @Get(uri = "/{digest}", produces = MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Status of a digest",
      description =
          "The indexing stage: last complete report, when it was analyzed, active findings by"
              + " severity. Needs the operator role.")
  @ApiResponse(
      responseCode = "200",
      description = "Status",
      content = @Content(schema = @Schema(implementation = ScanStatus.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No complete report indexed for the digest",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public HttpResponse<?> status(@PathVariable String digest, HttpRequest<?> request) {
    return state
        .status(digest, AuthFilter.principal(request))
        .<HttpResponse<?>>map(HttpResponse::ok)
        .orElseGet(
            () ->
                HttpResponse.notFound(
                    new ApiError(404, "no complete report indexed for " + digest)));
  }
}
