package dev.tallyman.cli.advisories;

import dev.tallyman.advisory.feed.bundle.AdvisoryBundle;
import dev.tallyman.advisory.feed.bundle.BundleKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tallyman advisories import FILE --into DIR}: verify a bundle (signature, every checksum)
 * and install it as DIR atomically; the advisory-service serves it with {@code
 * tallyman.advisories.bundle.path=DIR}.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Verify a signed advisory bundle and install it as a directory (all or nothing).")
public final class AdvisoriesImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The bundle (zip).")
  Path file;

  @Option(
      names = "--public-key",
      required = true,
      paramLabel = "PEM",
      description = "Ed25519 public key (PEM) the bundle must be signed with.")
  Path publicKey;

  @Option(
      names = "--into",
      required = true,
      paramLabel = "DIR",
      description = "Directory to install into (replaced only after verification).")
  Path into;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AdvisoryBundle.Manifest m;
    try {
      m = AdvisoryBundle.importTo(file, BundleKeys.publicKey(publicKey), into);
    } catch (java.io.IOException e) {
      err.println("import refused, nothing changed: " + e.getMessage());
      return 1;
    }
    out.printf("imported %s into %s (created %s)%n", file, into, m.created());
    for (AdvisoryBundle.FeedInfo f : m.feeds()) {
      out.printf(
          "  %-24s %8d records %8d enrichments  last success %s%n",
          f.name(), f.recordCount(), f.enrichmentCount(), f.lastSuccess());
    }
    return 0;
  }
}
