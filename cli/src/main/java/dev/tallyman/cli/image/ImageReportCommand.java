package dev.tallyman.cli.image;

import dev.tallyman.cli.findings.FindingsClient;
import dev.tallyman.cli.findings.ReportServiceOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tallyman image report DIGEST --format sarif|csv|vex|sbom}: the export of one image from
 * report-service, to stdout or {@code --output}.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Export the findings of an image (SARIF 2.1.0, CSV, CycloneDX 1.6 VEX, SBOM).")
public final class ImageReportCommand implements Callable<Integer> {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  enum Format {
    sarif("/findings.sarif", "application/sarif+json"),
    csv("/findings.csv", "text/csv"),
    vex("/findings.vex", "application/vnd.cyclonedx+json"),
    sbom("/sbom", "application/json");

    final String path;
    final String accept;

    Format(String path, String accept) {
      this.path = path;
      this.accept = accept;
    }
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "Image manifest digest, sha256:<64 hex>")
  String digest;

  @Option(
      names = "--format",
      defaultValue = "sarif",
      description = "sarif, csv, vex or sbom (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(
      names = "--sbom-format",
      defaultValue = "cyclonedx-json",
      description = "With --format sbom: cyclonedx-json or spdx-json (default: ${DEFAULT-VALUE})")
  String sbomFormat;

  @Option(
      names = {"-o", "--output"},
      description = "Write to this file instead of stdout")
  Path output;

  @Mixin ReportServiceOptions reportService = new ReportServiceOptions();

  @Option(names = "--timeout", defaultValue = "60", description = "Seconds (default: 60)")
  int timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!DIGEST.matcher(digest).matches()) {
      err.println("tallyman image report: DIGEST must be sha256:<64 lower-case hex digits>");
      err.flush();
      return 2;
    }
    try {
      FindingsClient client = reportService.client(timeoutSeconds);
      String path = "/v1/images/" + digest + format.path;
      if (format == Format.sbom) {
        if (!sbomFormat.equals("cyclonedx-json") && !sbomFormat.equals("spdx-json")) {
          err.println("tallyman image report: --sbom-format must be cyclonedx-json or spdx-json");
          err.flush();
          return 2;
        }
        path += "?format=" + sbomFormat;
      }
      byte[] body = client.fetch(path, format.accept);
      if (output != null) {
        Files.write(output, body);
      } else {
        PrintWriter out = spec.commandLine().getOut();
        out.print(new String(body, StandardCharsets.UTF_8));
        out.flush();
      }
      return 0;
    } catch (FindingsClient.FindingsException | IllegalArgumentException | IOException e) {
      err.println("tallyman image report: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
