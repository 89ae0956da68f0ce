package dev.tallyman.report.http;

import dev.tallyman.report.search.Deployments;
import dev.tallyman.report.search.ImageMatch;
import dev.tallyman.report.search.ImageMatchSearch;
import dev.tallyman.report.search.ImagePaging;
import dev.tallyman.report.search.PackageLookup;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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

/** Where is a package deployed. */
@Controller("/v1/packages")
@ExecuteOn(TaskExecutors.BLOCKING)
@SerdeImport(Deployments.class)
@SerdeImport(ImageMatch.class)
@SerdeImport(ImageMatch.PackageHit.class)
public class PackagesController {
  private final ImageMatchSearch images;

  public PackagesController(ImageMatchSearch images) {
    this.images = images;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Images containing a package (where deployed)",
      description =
          "By exact package URL, or by name with an optional exact version. Answered from the"
              + " findings index, so only packages with at least one finding are seen: the answer"
              + " says `scope: vulnerable-packages`. Ordered by digest, paged with `after`.")
  @ApiResponse(
      responseCode = "200",
      description = "One page of images",
      content = @Content(schema = @Schema(implementation = Deployments.class)))
  @ApiResponse(
      responseCode = "400",
      description = "Neither purl nor name, both, or another invalid parameter",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @ApiResponse(
      responseCode = "503",
      description = "Elasticsearch unavailable",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public Deployments packages(
      @Parameter(description = "Exact package URL") @Nullable @QueryValue @Size(max = 512)
          String purl,
      @Parameter(description = "Package name") @Nullable @QueryValue @Size(max = 512) String name,
      @Parameter(description = "Exact package version (with name)")
          @Nullable
          @QueryValue
          @Size(max = 512)
          String version,
      @Parameter(description = "Images per page, 1..500 (default 50)")
          @Nullable
          @QueryValue
          @Min(1)
          @Max(ImagePaging.MAX_SIZE)
          Integer size,
      @Parameter(description = "`next` of the previous page") @Nullable @QueryValue String after,
      HttpRequest<?> request) {
    return images.deployments(
        PackageLookup.of(purl, name, version),
        ImagePaging.of(size, after),
        AuthFilter.principal(request));
  }
}
