package dev.tallyman.cli.scan;

import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.MirrorFetcher;
import dev.tallyman.advisory.feed.epss.EpssFeed;
import dev.tallyman.advisory.feed.kev.KevFeed;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.advisory.osv.OsvLoader;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.sbom.Sbom;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches an SBOM against local advisories with the matching code advisory-service runs, so a local
 * scan and the pipeline give the same answer.
 */
public final class Scanner {
  private Scanner() {}

  /** Loads OSV directories or zips; a bad record is counted and skipped, a bad path fails. */
  static AdvisoryIndex load(List<Path> locations, PrintWriter err) throws IOException {
    return load(locations, null, null, err);
  }

  /**
   * As {@link #load(List, PrintWriter)}, with a CISA KEV catalog (JSON) and a FIRST EPSS file (CSV,
   * optionally gzipped) attached to the merged vulnerabilities when given.
   */
  public static AdvisoryIndex load(List<Path> locations, Path kev, Path epss, PrintWriter err)
      throws IOException {
    AdvisoryIndex.Builder builder = AdvisoryIndex.builder();
    if (kev != null) {
      enrich(builder, new KevFeed(mirror(kev), name(kev)));
    }
    if (epss != null) {
      enrich(builder, new EpssFeed(mirror(epss), name(epss)));
    }
    OsvLoader loader = new OsvLoader();
    for (Path location : locations) {
      String source =
          location.getFileName() == null ? location.toString() : location.getFileName().toString();
      OsvLoader.LoadStats stats = loader.load(location, r -> builder.add(r, source));
      if (stats.rejectedCount() > 0) {
        err.println(
            "tallyman scan: "
                + location
                + ": "
                + stats.rejectedCount()
                + " advisory records rejected");
      }
    }
    return builder.build();
  }

  private static void enrich(AdvisoryIndex.Builder b, Feed feed) throws IOException {
    FeedUpdate u = feed.update(null);
    u.enrichments().forEach(b::addEnrichment);
  }

  private static MirrorFetcher mirror(Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    if (!Files.isRegularFile(abs)) {
      throw new IOException(file + ": no such file");
    }
    return new MirrorFetcher(abs.getParent());
  }

  private static String name(Path file) {
    return file.toAbsolutePath().getFileName().toString();
  }

  static ScanResult scan(String target, Sbom sbom, AdvisoryIndex index) {
    Map<String, Package> byId = new HashMap<>();
    List<InstalledPackage> installed = new ArrayList<>();
    for (Package p : sbom.packages()) {
      byId.put(p.id(), p);
      installed.add(
          new InstalledPackage(
              p.id(),
              p.ecosystem(),
              p.name(),
              p.version(),
              p.sourceName(),
              p.sourceVersion(),
              p.purl(),
              p.modularityLabel()));
    }
    Distro distro = new Distro(sbom.os().id(), sbom.os().versionId());
    MatchEngine.Result result = MatchEngine.standard().match(distro, installed, index);
    List<ScanResult.Finding> findings = new ArrayList<>();
    for (Match m : result.matches()) {
      findings.add(new ScanResult.Finding(byId.get(m.pkg().id()), m));
    }
    return new ScanResult(target, sbom, findings, index.advisoryCount());
  }
}
