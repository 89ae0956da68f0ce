package dev.tallyman.report.http;

import dev.tallyman.report.search.Deployments;
import dev.tallyman.report.search.ImageMatch;
import dev.tallyman.report.search.ImagePaging;
import dev.tallyman.report.search.PackageLookup;
import dev.tallyman.report.search.PackageSearch;
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
@SerdeImport(dev.tallyman.report.search.FindingView.ImageLocation.class)
public class PackagesController {
  private final PackageSearch packages;

  public PackagesController(PackageSearch packages) {
    this.packages = packages;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Images containing a package (where deployed)",
      description =
          "By package URL (with a version: that version, with or without qualifiers such as"
              + " `?arch=`; without a version: every version), or by name with an optional exact"
              + " version. Answered from the packages index, built from every image's newest SBOM"
              + " (`scope: all-packages`); each package lists its open vulnerabilities (worst"
              + " first), kept on the package when a report of the image completes. Deleted images are left out unless"
              + " `include_deleted=true`. Only the image locations the caller may see are shown."
              + " Ordered by digest, paged with `after`.")
  @ApiResponse(
      responseCode = "200",
      description = "One page of images",
      content = @Content(schema = @Schema(implementation = Deployments.class)))
  @ApiResponse(
      responseCode = "400",
      description = "Neither purl nor name, both, or another invalid parameter",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @ErrorResponses.Unavailable
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
      @Parameter(description = "Also images deleted from every registry")
          @Nullable
          @QueryValue("include_deleted")
          Boolean includeDeleted,
      HttpRequest<?> request) {
    return packages.deployments(
        PackageLookup.of(purl, name, version),
        ImagePaging.of(size, after),
        AuthFilter.principal(request),
        Boolean.TRUE.equals(includeDeleted));
  }
}
