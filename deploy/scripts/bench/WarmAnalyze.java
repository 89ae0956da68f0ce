import dev.tallyman.analysis.Analyzer;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.source.ImageSource;
import dev.tallyman.analysis.source.ImageSources;
import java.lang.management.ManagementFactory;

/**
 * The service path without start-up cost: the same Analyzer analyzer-service runs, N times in one
 * JVM on one target, printing wall and process CPU time per run.
 *   java -cp cli/target/tallyman-cli-0.1.0-SNAPSHOT-all.jar deploy/scripts/bench/WarmAnalyze.java TARGET N
 */
public class WarmAnalyze {
  public static void main(String[] args) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int i = 0; i < Integer.parseInt(args[1]); i++) {
      long wall = System.nanoTime();
      long cpu = os.getProcessCpuTime();
      try (ImageSource s = ImageSources.open(args[0], new RegistryClient(), LayerLimits.DEFAULT)) {
        int n = new Analyzer().analyze(s).get(0).packages().size();
        System.out.printf(
            "warm run %d: %d packages, %.2f s wall, %.2f s cpu%n",
            i, n, (System.nanoTime() - wall) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
      }
    }
  }
}
