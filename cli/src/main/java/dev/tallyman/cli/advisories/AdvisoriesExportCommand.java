package dev.tallyman.cli.advisories;

import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.bundle.AdvisoryBundle;
import dev.tallyman.advisory.feed.bundle.BundleKeys;
import dev.tallyman.advisory.osv.OsvLoader;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tallyman advisories export FILE}: a signed bundle of OSV locations (directories or zips)
 * and/or the feeds of another bundle, for carrying advisories into an air-gapped site.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write a signed, checksummed advisory bundle.",
      "Key: openssl genpkey -algorithm ed25519 -out bundle-key.pem;"
          + " public half: openssl pkey -in bundle-key.pem -pubout -out bundle-key.pub.pem"
    })
public final class AdvisoriesExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The bundle to write (a zip).")
  Path file;

  @Option(
      names = "--advisories",
      split = ",",
      paramLabel = "PATH",
      description = "OSV directories or zips; each becomes one feed named after the path.")
  List<Path> advisories = new ArrayList<>();

  @Option(
      names = "--from-bundle",
      paramLabel = "BUNDLE",
      description = "Re-export the feeds of a bundle (file or imported directory).")
  Path fromBundle;

  @Option(
      names = "--from-bundle-key",
      paramLabel = "PEM",
      description = "Public key that signed --from-bundle.")
  Path fromBundleKey;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "PEM",
      description = "Ed25519 private key (PKCS#8 PEM) to sign with.")
  Path key;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<AdvisoryBundle.Feed> feeds = new ArrayList<>();
    try {
      var privateKey = BundleKeys.privateKey(key);
      if (fromBundle != null) {
        if (fromBundleKey == null) {
          err.println("--from-bundle needs --from-bundle-key");
          return 2;
        }
        feeds.addAll(
            AdvisoryBundle.load(
                    fromBundle,
                    BundleKeys.publicKey(fromBundleKey),
                    Path.of(System.getProperty("java.io.tmpdir")))
                .feeds());
      }
      for (Path p : advisories) {
        if (!Files.exists(p)) {
          err.println("no such advisory location: " + p);
          return 2;
        }
        List<OsvRecord> records = new ArrayList<>();
        OsvLoader.LoadStats stats = new OsvLoader().load(p, records::add);
        String name = p.getFileName().toString().replaceAll("[^A-Za-z0-9._:+-]", "_");
        feeds.add(
            new AdvisoryBundle.Feed(
                name,
                p.toAbsolutePath().toString(),
                Instant.now(),
                stats.rejectedCount(),
                "",
                records,
                List.<Enrichment>of()));
      }
      if (feeds.isEmpty()) {
        err.println("nothing to export: give --advisories PATH and/or --from-bundle");
        return 2;
      }
      AdvisoryBundle.write(file, feeds, privateKey, Instant.now());
    } catch (java.io.IOException | IllegalArgumentException e) {
      err.println("export failed: " + e.getMessage());
      return 1;
    }
    long records = feeds.stream().mapToLong(f -> f.records().size()).sum();
    out.printf(
        "wrote %s: %d feeds, %d records, %d bytes%n",
        file, feeds.size(), records, Files.size(file));
    return 0;
  }
}
