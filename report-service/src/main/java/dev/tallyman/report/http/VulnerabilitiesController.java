package dev.tallyman.report.http;

import dev.tallyman.report.search.BlastRadius;
import dev.tallyman.report.search.ImageMatch;
import dev.tallyman.report.search.ImageMatchSearch;
import dev.tallyman.report.search.ImagePaging;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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

/** Blast radius: which images a vulnerability affects. */
@Controller("/v1/vulnerabilities")
@ExecuteOn(TaskExecutors.BLOCKING)
@SerdeImport(BlastRadius.class)
@SerdeImport(ImageMatch.class)
@SerdeImport(ImageMatch.PackageHit.class)
@SerdeImport(dev.tallyman.report.search.FindingView.ImageLocation.class)
public class VulnerabilitiesController {
  private final ImageMatchSearch images;

  public VulnerabilitiesController(ImageMatchSearch images) {
    this.images = images;
  }

  @Get(uri = "/{id}/images", produces = MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Images affected by a vulnerability (blast radius)",
      description =
          "Every image with an open finding for the vulnerability id or alias"
              + " (case-insensitive), with the affected packages per image and the locations the"
              + " caller may see; images deleted from every registry only with"
              + " `include_deleted=true`. Ordered by digest, paged with `after` = the previous"
              + " page's `next`.")
  @ApiResponse(
      responseCode = "200",
      description = "One page of affected images",
      content = @Content(schema = @Schema(implementation = BlastRadius.class)))
  @ApiResponse(
      responseCode = "400",
      description = "Invalid parameter",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No indexed image is affected by this id",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @ErrorResponses.Unavailable
  public HttpResponse<?> images(
      @Parameter(description = "Vulnerability id or alias, e.g. CVE-2024-0727")
          @PathVariable
          @Size(min = 1, max = 256)
          String id,
      @Parameter(description = "Images per page, 1..500 (default 50)")
          @Nullable
          @QueryValue
          @Min(1)
          @Max(ImagePaging.MAX_SIZE)
          Integer size,
      @Parameter(description = "`next` of the previous page") @Nullable @QueryValue String after,
      @Parameter(description = "Also images deleted from every registry")
          @Nullable
          @QueryValue("include_deleted")
          Boolean includeDeleted,
      HttpRequest<?> request) {
    return images
        .affectedBy(
            id,
            ImagePaging.of(size, after),
            AuthFilter.principal(request),
            Boolean.TRUE.equals(includeDeleted))
        .<HttpResponse<?>>map(HttpResponse::ok)
        .orElseGet(
            () ->
                HttpResponse.notFound(new ApiError(404, "no indexed image is affected by " + id)));
  }
}
