package dev.tallyman.analysis;

/** The registry (or archive) has no such manifest or blob. */
public final class ImageNotFoundException extends AnalysisException {
  public ImageNotFoundException(String message) {
    super(message);
  }
}
