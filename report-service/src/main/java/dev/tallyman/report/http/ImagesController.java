package dev.tallyman.report.http;

import dev.tallyman.report.export.CsvWriter;
import dev.tallyman.report.export.SarifWriter;
import dev.tallyman.report.export.SbomFormat;
import dev.tallyman.report.export.VexWriter;
import dev.tallyman.report.search.AffectedAt;
import dev.tallyman.report.search.FindingsQuery;
import dev.tallyman.report.search.ImageFindings;
import dev.tallyman.report.search.ImageReport;
import dev.tallyman.report.search.ImageReportSearch;
import dev.tallyman.report.search.ImageStateSearch;
import dev.tallyman.report.search.PackageSearch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
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
import java.util.function.Function;

/** The report of one image and its exports. */
@Controller("/v1/images")
@ExecuteOn(TaskExecutors.BLOCKING)
@SerdeImport(ImageReport.class)
@SerdeImport(ImageReport.Facts.class)
@SerdeImport(ImageReport.Os.class)
@SerdeImport(dev.tallyman.report.search.FindingView.ImageLocation.class)
@SerdeImport(AffectedAt.class)
@SerdeImport(AffectedAt.Entry.class)
public class ImagesController {
  private final ImageStateSearch state;

  /** Response header saying an export holds fewer findings than are indexed. */
  static final String TRUNCATED = "X-Tallyman-Truncated";

  private static final String EXPORT_LIMIT =
      " At most " + ImageReportSearch.MAX_EXPORT_FINDINGS + " findings (header " + TRUNCATED + ").";

  private final ImageReportSearch reports;
  private final PackageSearch packages;

  public ImagesController(
      ImageReportSearch reports, ImageStateSearch state, PackageSearch packages) {
    this.state = state;
    this.reports = reports;
    this.packages = packages;
  }

  @Get(uri = "/{digest}", produces = MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Image report",
      description = "Image facts, counts by severity and one page of findings (worst first).")
  @ApiResponse(
      responseCode = "200",
      description = "The report",
      content = @Content(schema = @Schema(implementation = ImageReport.class)))
  @ApiResponse(
      responseCode = "400",
      description = "Invalid digest or paging",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @ErrorResponses.NoFindings
  @ErrorResponses.Unavailable
  public HttpResponse<?> report(
      @Parameter(description = "Image manifest digest, sha256:...") @PathVariable String digest,
      @Parameter(description = "0-based page of findings") @Nullable @QueryValue @Min(0)
          Integer page,
      @Parameter(description = "Findings per page, 1..500 (default 50)")
          @Nullable
          @QueryValue
          @Min(1)
          @Max(FindingsQuery.MAX_SIZE)
          Integer size,
      HttpRequest<?> request) {
    return reports
        .report(digest, page, size, AuthFilter.principal(request))
        .<HttpResponse<?>>map(HttpResponse::ok)
        .orElseGet(() -> notFound(digest));
  }

  @Get(uri = "/{digest}/findings", produces = MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Findings of an image at an instant",
      description =
          "From the history of status transitions: the findings that were open or reopened at"
              + " `at` (default now). With `vulnerability`, `affected` answers \"was this digest"
              + " affected by CVE-X at T\".")
  @ApiResponse(
      responseCode = "200",
      description = "Findings active at the instant",
      content = @Content(schema = @Schema(implementation = AffectedAt.class)))
  @ApiResponse(
      responseCode = "400",
      description = "Invalid digest or instant",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public AffectedAt findingsAt(
      @Parameter(description = "Image manifest digest, sha256:...") @PathVariable String digest,
      @Parameter(description = "Instant (2024-03-01T12:00:00Z) or day (end of day, UTC)")
          @Nullable
          @QueryValue
          @Size(max = 64)
          String at,
      @Parameter(description = "Vulnerability id or alias") @Nullable @QueryValue @Size(max = 256)
          String vulnerability,
      HttpRequest<?> request) {
    return state.at(digest, at, vulnerability, AuthFilter.principal(request));
  }

  @Get(uri = "/{digest}/findings.sarif", produces = SarifWriter.MEDIA_TYPE)
  @Operation(
      summary = "Findings of an image as SARIF 2.1.0",
      description =
          "One rule per vulnerability, one result per finding; level by severity and the"
              + " `security-severity` property."
              + EXPORT_LIMIT)
  @ApiResponse(
      responseCode = "200",
      description = "SARIF log",
      content = @Content(mediaType = SarifWriter.MEDIA_TYPE))
  @ErrorResponses.InvalidDigest
  @ErrorResponses.NoFindings
  @ErrorResponses.Unavailable
  public HttpResponse<?> sarif(
      @Parameter(description = "Image manifest digest, sha256:...") @PathVariable String digest,
      HttpRequest<?> request) {
    return export(digest, SarifWriter::render, SarifWriter.MEDIA_TYPE, "sarif", request);
  }

  @Get(uri = "/{digest}/findings.csv", produces = CsvWriter.MEDIA_TYPE)
  @Operation(
      summary = "Findings of an image as CSV",
      description =
          "RFC 4180 with a header row; cells starting with = + - @ are prefixed with a single"
              + " quote so spreadsheets do not evaluate them."
              + EXPORT_LIMIT)
  @ApiResponse(
      responseCode = "200",
      description = "CSV",
      content = @Content(mediaType = "text/csv"))
  @ErrorResponses.InvalidDigest
  @ErrorResponses.NoFindings
  @ErrorResponses.Unavailable
  public HttpResponse<?> csv(
      @Parameter(description = "Image manifest digest, sha256:...") @PathVariable String digest,
      HttpRequest<?> request) {
    return export(digest, CsvWriter::render, CsvWriter.MEDIA_TYPE, "csv", request);
  }

  @Get(uri = "/{digest}/findings.vex", produces = VexWriter.MEDIA_TYPE)
  @Operation(
      summary = "Findings of an image as CycloneDX 1.6 VEX",
      description =
          "Active findings with analysis state `in_triage`, fixed ones `resolved` (response"
              + " `update`)."
              + EXPORT_LIMIT)
  @ApiResponse(
      responseCode = "200",
      description = "CycloneDX 1.6 JSON",
      content = @Content(mediaType = VexWriter.MEDIA_TYPE))
  @ErrorResponses.NoFindings
  public HttpResponse<?> vex(
      @Parameter(description = "Image manifest digest, sha256:...") @PathVariable String digest,
      HttpRequest<?> request) {
    ImageFindings findings = reports.allFindings(digest, true, AuthFilter.principal(request));
    return exported(findings, digest, VexWriter::render, VexWriter.MEDIA_TYPE, "cdx.json");
  }

  @Get(
      uri = "/{digest}/sbom",
      produces = {
        MediaType.APPLICATION_JSON,
        "application/vnd.cyclonedx+json",
        "application/spdx+json"
      })
  @Operation(
      summary = "SBOM of an image (CycloneDX 1.6 or SPDX 2.3 JSON)",
      description =
          "Rebuilt from the packages index (the image's newest complete SBOM) with the same"
              + " writers as `tallyman sbom`. `format` is `cyclonedx-json` (default) or"
              + " `spdx-json`. At most "
              + PackageSearch.MAX_EXPORT_PACKAGES
              + " packages (header "
              + TRUNCATED
              + ").")
  @ApiResponse(
      responseCode = "200",
      description = "CycloneDX or SPDX JSON",
      content = @Content(mediaType = MediaType.APPLICATION_JSON))
  @ApiResponse(
      responseCode = "400",
      description = "Invalid digest or format",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No SBOM stored for the digest (or not visible to the caller)",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  public HttpResponse<?> sbom(
      @Parameter(description = "Image manifest digest, sha256:...") @PathVariable String digest,
      @Parameter(description = "cyclonedx-json (default) or spdx-json")
          @Nullable
          @QueryValue
          @Size(max = 32)
          String format,
      HttpRequest<?> request) {
    SbomFormat f = SbomFormat.parse(format);
    return packages
        .sbom(digest, AuthFilter.principal(request))
        .<HttpResponse<?>>map(
            e -> {
              String file = digest.replace(':', '-') + f.extension();
              return HttpResponse.ok(f.render(e.sbom()))
                  .contentType(f.mediaType())
                  .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
                  .header(TRUNCATED, Boolean.toString(e.truncated()));
            })
        .orElseGet(
            () ->
                HttpResponse.notFound(new ApiError(404, "no SBOM stored for image " + digest))
                    .contentType(MediaType.APPLICATION_JSON_TYPE));
  }

  private HttpResponse<?> export(
      String digest,
      Function<ImageFindings, String> render,
      String mediaType,
      String ext,
      HttpRequest<?> request) {
    return exported(
        reports.allFindings(digest, AuthFilter.principal(request)), digest, render, mediaType, ext);
  }

  private static HttpResponse<?> exported(
      ImageFindings findings,
      String digest,
      Function<ImageFindings, String> render,
      String mediaType,
      String ext) {
    if (findings.findings().isEmpty()) {
      return notFound(digest);
    }
    // the digest is validated: only [a-z0-9:] reach the file name
    String file = findings.digest().replace(':', '-') + "-findings." + ext;
    return HttpResponse.ok(render.apply(findings))
        .contentType(mediaType)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
        .header(TRUNCATED, Boolean.toString(findings.truncated()));
  }

  private static HttpResponse<?> notFound(String digest) {
    // explicit: the export routes otherwise label the error body as SARIF or CSV
    return HttpResponse.notFound(new ApiError(404, "no findings indexed for image " + digest))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
