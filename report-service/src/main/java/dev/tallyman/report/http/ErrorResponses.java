package dev.tallyman.report.http;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * OpenAPI error responses that several endpoints document alike; micronaut-openapi reads them
 * through these stereotypes as if declared on the method.
 */
final class ErrorResponses {
  private ErrorResponses() {}

  /** 503: Elasticsearch did not answer. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(
      responseCode = "503",
      description = "Elasticsearch unavailable",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @interface Unavailable {}

  /** 404: nothing indexed for the image digest. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(
      responseCode = "404",
      description = "No finding indexed for the digest",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @interface NoFindings {}

  /** 400: the image digest is malformed. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @ApiResponse(
      responseCode = "400",
      description = "Invalid digest",
      content = @Content(schema = @Schema(implementation = ApiError.class)))
  @interface InvalidDigest {}
}
