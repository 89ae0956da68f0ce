package dev.tallyman.report.http;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * OpenAPI error responses that several endpoints document alike. micronaut-openapi reads them at
 * compile time through these stereotypes as if declared on the method (no runtime retention
 * needed).
 */
final class ErrorResponses {
  private ErrorResponses() {}

  /** 503: Elasticsearch did not answer. */
  @ApiResponse(
      responseCode = "503",
      description = "Elasticsearch unavailable",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @interface Unavailable {}

  /** 404: nothing indexed for the image digest. */
  @ApiResponse(
      responseCode = "404",
      description = "No finding indexed for the digest",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @interface NoFindings {}

  /** 400: the image digest is malformed. */
  @ApiResponse(
      responseCode = "400",
      description = "Invalid digest",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @interface InvalidDigest {}
}
