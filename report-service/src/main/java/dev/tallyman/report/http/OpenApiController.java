package dev.tallyman.report.http;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the OpenAPI document that micronaut-openapi writes at compile time (file name fixed by the
 * -Amicronaut.openapi.filename compiler argument in the pom).
 */
@Controller
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
public class OpenApiController {
  static final String DOCUMENT = "classpath:META-INF/swagger/tallyman-report.yml";
  static final String YAML = "application/yaml";

  private final ResourceResolver resources;

  public OpenApiController(ResourceResolver resources) {
    this.resources = resources;
  }

  @Get(
      uris = {"/openapi", "/openapi.yml"},
      produces = YAML)
  HttpResponse<String> document() {
    return resources
        .getResourceAsStream(DOCUMENT)
        .map(OpenApiController::read)
        .map(body -> HttpResponse.ok(body).contentType(YAML))
        .orElseGet(HttpResponse::notFound);
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
