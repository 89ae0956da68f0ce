package dev.tallyman.cli.findings;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where report-service is and how to sign in: shared by the commands that read from it. */
public final class ReportServiceOptions {
  @Option(
      names = "--url",
      defaultValue = "${TALLYMAN_REPORT_URL:-http://127.0.0.1:8084}",
      description = "report-service base URL (default: ${DEFAULT-VALUE}; env TALLYMAN_REPORT_URL)")
  String url;

  @Option(
      names = "--token",
      defaultValue = "${TALLYMAN_TOKEN}",
      description = "API token or JWT for report-service (env TALLYMAN_TOKEN)")
  String token;

  /** A client that waits {@code timeoutSeconds} (at least one) for each answer. */
  public FindingsClient client(int timeoutSeconds) {
    return new FindingsClient(
        URI.create(url), Duration.ofSeconds(Math.max(1, timeoutSeconds)), token);
  }
}
