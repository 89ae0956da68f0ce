import dev.tallyman.analysis.Analyzer;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.Catalogers;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.source.ImageSource;
import dev.tallyman.analysis.source.ImageSources;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One cold analysis with some catalogers left out, to see what each costs a fresh process (time it
 * from outside, e.g. with /usr/bin/time, against a run that leaves nothing out). WITHOUT is a comma
 * list of cataloger names (maven, npm, executables, dpkg, ...), "none" to leave none out, or "all" to
 * run with no cataloger at all (reading, hashing and walking the layers only).
 *   java -XX:+UseSerialGC -cp cli/target/tallyman-cli-0.1.0-SNAPSHOT-all.jar \
 *     deploy/scripts/bench/AnalyzeWithout.java TARGET WITHOUT
 */
public class AnalyzeWithout {
  public static void main(String[] args) throws Exception {
    Set<String> without = Set.of(args[1].split(","));
    List<Cataloger> catalogers = new ArrayList<>(Catalogers.defaults());
    if (without.contains("all")) {
      catalogers.clear();
    }
    catalogers.removeIf(c -> without.contains(c.name()));
    long start = System.nanoTime();
    try (ImageSource s = ImageSources.open(args[0], new RegistryClient(), LayerLimits.DEFAULT)) {
      int n = new Analyzer(catalogers, LayerLimits.DEFAULT).analyze(s).get(0).packages().size();
      System.out.printf(
          "without %s: %d packages, %.2f s in the analyzer%n",
          args[1], n, (System.nanoTime() - start) / 1e9);
    }
  }
}
