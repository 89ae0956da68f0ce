package dev.tallyman.analysis;

/**
 * The target holds nothing to analyze: only artifacts (signatures, attestations, Helm charts),
 * attestation manifests or platforms we skip. Not an error of the image, so a service may log and
 * move on instead of dead-lettering it.
 */
public final class NotAnImageException extends AnalysisException {
  public NotAnImageException(String message) {
    super(message);
  }
}
