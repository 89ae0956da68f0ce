package dev.tallyman.analysis;

/**
 * The image cannot be analyzed and retrying will not help (bad manifest, unsupported format, limit
 * exceeded). Transient problems (network, registry down) are plain {@link java.io.IOException}s.
 */
public class AnalysisException extends RuntimeException {
  public AnalysisException(String message) {
    super(message);
  }

  public AnalysisException(String message, Throwable cause) {
    super(message, cause);
  }
}
