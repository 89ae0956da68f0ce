package dev.tallyman.report;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** report-service: indexes findings into Elasticsearch and serves the findings search API. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Tallyman report-service",
            version = "0.1.0",
            description = "Search the vulnerability findings of scanned container images."))
public final class ReportApplication {
  private ReportApplication() {}

  public static void main(String[] args) {
    Micronaut.run(ReportApplication.class, args);
  }
}
