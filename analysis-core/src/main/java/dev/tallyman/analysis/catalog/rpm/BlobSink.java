package dev.tallyman.analysis.catalog.rpm;

/** Receives the header blobs of a database one at a time, so that none is held longer. */
interface BlobSink {
  /**
   * @param blob the header blob, or null when the database held an unreadable record here (it is
   *     counted as skipped)
   */
  void accept(byte[] blob);
}
