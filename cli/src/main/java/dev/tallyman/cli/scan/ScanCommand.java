package dev.tallyman.cli.scan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.severity.Severity;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.cli.image.LocalImages;
import dev.tallyman.cli.image.RegistryOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tallyman scan TARGET --advisories PATH...}: a one-shot local scan for people and CI, with
 * the analysis and matching code the services use.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    subcommands = {ScanRequestCommand.class},
    description = {
      "Scan an image for known vulnerabilities against local advisories.",
      "TARGET is docker-archive:FILE.tar, oci-dir:DIR, dir:ROOTFS or registry:REF;",
      "PATH an OSV directory or zip.",
      "Exit codes: 0 no finding at or above --fail-on, 1 some finding is, 2 error.",
      "'tallyman scan request REF' asks the running services to scan REF instead."
    })
public final class ScanCommand implements Callable<Integer> {
  static final String VERSION = "0.1.0";
  static final List<String> FORMATS = List.of("table", "json", "sarif", "cyclonedx-json");

  @Spec CommandSpec spec;

  // TARGET and --advisories are checked in call(), not by picocli: picocli would demand them of
  // `tallyman scan request REF` too, since they belong to this parent command
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "TARGET",
      description = "the image to scan (required)")
  String target;

  @Option(
      names = "--advisories",
      arity = "1..*",
      paramLabel = "PATH",
      description = "OSV advisories: directories (searched recursively) or zip files (required)")
  List<Path> advisories = new ArrayList<>();

  @Option(
      names = "--kev",
      paramLabel = "FILE",
      description = "CISA KEV catalog (known_exploited_vulnerabilities.json) to mark findings")
  Path kev;

  @Option(
      names = "--epss",
      paramLabel = "FILE",
      description = "FIRST EPSS scores (epss_scores-YYYY-MM-DD.csv[.gz]) to attach to findings")
  Path epss;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table (default), json, sarif, cyclonedx-json")
  String format;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      description = "exit 1 when a finding is at least this severe (low, medium, high, critical)")
  String failOn;

  @Option(names = "--output", paramLabel = "FILE", description = "write here instead of stdout")
  Path output;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "which platform")
  String platform;

  @Mixin RegistryOptions registry = new RegistryOptions();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<String> missing = new ArrayList<>();
    if (target == null) {
      missing.add("'TARGET'");
    }
    if (advisories.isEmpty()) {
      missing.add("'--advisories=PATH'");
    }
    if (!missing.isEmpty()) {
      err.println("Missing required options and parameters: " + String.join(", ", missing));
      spec.commandLine().usage(err);
      return 2;
    }
    if (!FORMATS.contains(format)) {
      err.println("tallyman scan: unknown format '" + format + "' " + FORMATS);
      return 2;
    }
    Severity threshold = null;
    if (failOn != null) {
      threshold = Severity.fromLabel(failOn).orElse(null);
      if (threshold == null) {
        err.println(
            "tallyman scan: unknown severity '" + failOn + "' (low, medium, high, critical)");
        return 2;
      }
    }
    ScanResult result;
    try {
      AdvisoryIndex index = Scanner.load(advisories, kev, epss, err);
      Sbom sbom = LocalImages.analyze(target, registry, platform, spec.commandLine().getErr());
      result = Scanner.scan(target, sbom, index);
      byte[] rendered = render(result).getBytes(StandardCharsets.UTF_8);
      if (output == null) {
        System.out.write(rendered);
        System.out.flush();
      } else {
        try (OutputStream out = Files.newOutputStream(output)) {
          out.write(rendered);
        }
      }
    } catch (AnalysisException | IOException | UncheckedIOException e) {
      err.println("tallyman scan: " + target + ": " + e.getMessage());
      return 2;
    }
    if (threshold != null && result.anyAtLeast(threshold)) {
      err.println(
          "tallyman scan: findings at or above "
              + threshold.name().toLowerCase(Locale.ROOT)
              + ": failing (--fail-on)");
      return 1;
    }
    return 0;
  }

  private String render(ScanResult r) throws IOException {
    ObjectNode doc =
        switch (format) {
          case "json" -> ScanWriters.json(r);
          case "sarif" -> ScanWriters.sarif(r, VERSION);
          case "cyclonedx-json" -> ScanWriters.cyclonedx(r, VERSION);
          default -> null;
        };
    return doc == null ? ScanWriters.table(r) : ScanWriters.JSON.writeValueAsString(doc) + "\n";
  }
}
