package dev.tallyman.analysis.layer;

/**
 * Bounds that keep hostile layers (gzip bombs, millions of entries) from exhausting the analyzer.
 *
 * @param maxEntries tar entries per layer
 * @param maxLayerBytes uncompressed bytes per layer
 * @param maxFileBytes default size cap of a single file a cataloger reads
 */
public record LayerLimits(long maxEntries, long maxLayerBytes, long maxFileBytes) {
  public static final LayerLimits DEFAULT =
      new LayerLimits(2_000_000, 16L * 1024 * 1024 * 1024, 512L * 1024 * 1024);
}
