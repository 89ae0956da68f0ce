package dev.tallyman.cli.sbom;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.sbom.CycloneDxWriter;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.sbom.SpdxWriter;
import dev.tallyman.analysis.sbom.TableWriter;
import dev.tallyman.cli.image.LocalImages;
import dev.tallyman.cli.image.RegistryOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tallyman sbom TARGET}: analyze an image locally and print its SBOM. */
@Command(
    name = "sbom",
    mixinStandardHelpOptions = true,
    description = {
      "Generate an SBOM for an image.",
      "TARGET is docker-archive:FILE.tar, oci-dir:DIR, dir:ROOTFS or registry:REF."
    })
public final class SbomCommand implements Callable<Integer> {
  static final String VERSION = "0.1.0";
  static final List<String> FORMATS = List.of("table", "cyclonedx-json", "spdx-json");

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "the image to analyze")
  String target;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table (default), cyclonedx-json (CycloneDX 1.6) or spdx-json (SPDX 2.3)")
  String format;

  @Option(names = "--output", paramLabel = "FILE", description = "write here instead of stdout")
  Path output;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description =
          "which platform of a multi-platform image (default linux/amd64, else the first)")
  String platform;

  @Mixin RegistryOptions registry = new RegistryOptions();

  @Override
  public Integer call() {
    if (!FORMATS.contains(format)) {
      spec.commandLine()
          .getErr()
          .println(
              "tallyman sbom: unknown format '"
                  + format
                  + "' ("
                  + String.join(", ", FORMATS)
                  + ")");
      return 2;
    }
    try {
      Sbom sbom = LocalImages.analyze(target, registry, platform, spec.commandLine().getErr());
      if (output == null) {
        write(sbom, System.out);
      } else {
        try (OutputStream out = Files.newOutputStream(output)) {
          write(sbom, out);
        }
      }
      return 0;
    } catch (AnalysisException | IOException | UncheckedIOException e) {
      spec.commandLine().getErr().println("tallyman sbom: " + target + ": " + e.getMessage());
      return 1;
    }
  }

  private void write(Sbom sbom, OutputStream out) throws IOException {
    if (format.equals("cyclonedx-json")) {
      new CycloneDxWriter(VERSION).write(sbom, LocalImages.nonClosing(out));
      out.flush();
    } else if (format.equals("spdx-json")) {
      new SpdxWriter(VERSION).write(sbom, LocalImages.nonClosing(out));
      out.flush();
    } else {
      new TableWriter()
          .write(sbom, new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }
  }
}
