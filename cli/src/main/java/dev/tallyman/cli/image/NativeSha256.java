package dev.tallyman.cli.image;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.tallyman.analysis.oci.Digests;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Native SHA-256 (AWS-LC through the Amazon Corretto Crypto Provider) for the layer digests the CLI
 * verifies (ADR 0020). A short-lived CLI spends much of an analysis compiling with C2, and the
 * JDK's SHA-256 is fast only once C2 has compiled it; with a native digest the launcher can run
 * analyses on the C1 compiler alone.
 *
 * <p>Loading the library takes a few hundred milliseconds, so it starts on a background thread as
 * the CLI starts and the analysis waits for it. It is used only after it has given the JDK's
 * answers ({@link Digests#useSha256Provider}); otherwise digests stay the JDK's.
 *
 * <p>The launcher runs an analysis on C1 only when a marker file says the native digest worked in
 * an earlier run ({@code -Dtallyman.sha256.marker=FILE}); this class keeps that marker true. A
 * C1-only run that finds the library unusable ({@code -Dtallyman.c1=true}) says so: its hashing is
 * about ten times slower, and the marker is gone for the next run.
 */
public final class NativeSha256 {
  private static CompletableFuture<String> loading;

  private NativeSha256() {}

  /** Starts loading in the background (once). */
  public static synchronized void preload() {
    if (loading == null) {
      loading = CompletableFuture.supplyAsync(() -> load(System.getenv()), NativeSha256::daemon);
    }
  }

  /**
   * Waits for the load, updates the launcher's marker and, on a C1-only JVM without it, warns on
   * {@code err}. Returns null when digests are native, else why they are not.
   */
  public static String await(PrintWriter err) {
    preload();
    String why = loading.join();
    String marker = System.getProperty("tallyman.sha256.marker", "");
    settle(why, marker.isEmpty() ? null : Path.of(marker), Boolean.getBoolean("tallyman.c1"), err);
    return why;
  }

  /** Makes digests native if it can; null when it did, else why not. */
  static String load(Map<String, String> env) {
    if ("0".equals(env.get("TALLYMAN_NATIVE_SHA256"))) {
      return "turned off by TALLYMAN_NATIVE_SHA256=0";
    }
    try {
      AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
      Throwable error = provider.getLoadingError();
      if (error != null) {
        return "not loaded: " + error.getMessage();
      }
      return Digests.useSha256Provider(provider) ? null : "it disagrees with the JDK's SHA-256";
    } catch (LinkageError | RuntimeException e) { // e.g. another platform: no library in the jar
      return e.toString();
    }
  }

  /** Keeps {@code marker} (may be null) true to the outcome; a C1-only run without it warns. */
  static void settle(String why, Path marker, boolean c1Only, PrintWriter err) {
    if (marker != null) {
      mark(marker, why == null);
    }
    if (why != null && c1Only) {
      err.println(
          "tallyman: native SHA-256 unavailable ("
              + why
              + "); this run hashes layers slowly, the next one uses the full JIT");
      err.flush();
    }
  }

  private static void mark(Path marker, boolean works) {
    try {
      if (works && !Files.exists(marker)) {
        Files.createDirectories(marker.toAbsolutePath().getParent());
        Files.createFile(marker);
      } else if (!works) {
        Files.deleteIfExists(marker);
      }
    } catch (IOException e) {
      // a cache that cannot be written only means the next run keeps C2
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "native-sha256");
    t.setDaemon(true);
    t.start();
  }
}
