package dev.tallyman.analysis;

/** Content does not hash to the digest it was addressed by: corrupt or tampered. */
public final class DigestMismatchException extends AnalysisException {
  public DigestMismatchException(String what, String expected, String actual) {
    super("digest mismatch for " + what + ": expected " + expected + " but content is " + actual);
  }
}
