package dev.tallyman.ingest.distribution;

/**
 * Bounds on what one notification request may cost us. Distribution batches a handful of events per
 * request, so these are generous for the registry and tight for an attacker.
 *
 * @param maxBodyBytes largest accepted request body
 * @param maxNestingDepth deepest accepted JSON nesting (the real envelope needs 5)
 * @param maxEvents most events in one envelope
 */
public record NotificationLimits(int maxBodyBytes, int maxNestingDepth, int maxEvents) {
  public static final NotificationLimits DEFAULT = new NotificationLimits(1 << 20, 16, 1000);

  public NotificationLimits {
    if (maxBodyBytes <= 0 || maxNestingDepth <= 0 || maxEvents <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
