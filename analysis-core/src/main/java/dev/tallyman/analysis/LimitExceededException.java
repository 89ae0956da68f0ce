package dev.tallyman.analysis;

/** A configured bound (size, entry count, depth) was exceeded: likely hostile or broken input. */
public final class LimitExceededException extends AnalysisException {
  public LimitExceededException(String message) {
    super(message);
  }
}
