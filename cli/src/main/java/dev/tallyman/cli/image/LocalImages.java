package dev.tallyman.cli.image;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.Analyzer;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.source.ImageSource;
import dev.tallyman.analysis.source.ImageSources;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;

/** The analysis the CLI runs on a TARGET: the same Analyzer code analyzer-service runs. */
public final class LocalImages {
  private LocalImages() {}

  /**
   * Analyzes {@code target} (docker-archive:, oci-dir:, dir:, registry:) and returns the SBOM of
   * {@code platform} (default linux/amd64, else the first platform of the image). Notes about the
   * run itself go to {@code err}.
   */
  public static Sbom analyze(
      String target, RegistryOptions options, String platform, PrintWriter err) throws IOException {
    RegistryClient registry = options.client(System.getenv());
    NativeSha256.await(err);
    try (ImageSource source = ImageSources.open(target, registry, LayerLimits.DEFAULT)) {
      return choose(new Analyzer().analyze(source), platform);
    }
  }

  static Sbom choose(List<Sbom> sboms, String platform) {
    String wanted = platform != null ? platform : "linux/amd64";
    for (Sbom s : sboms) {
      if (s.platform().toString().equals(wanted)) {
        return s;
      }
    }
    if (platform != null) {
      List<String> available = sboms.stream().map(s -> s.platform().toString()).toList();
      throw new AnalysisException(
          "no platform " + platform + " in the image (has " + available + ")");
    }
    return sboms.get(0);
  }

  /** Jackson closes the stream it writes to; System.out must stay open. */
  public static OutputStream nonClosing(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }
}
