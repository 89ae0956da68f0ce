package dev.tallyman.advisory.feed;

import java.io.IOException;

/**
 * One advisory or enrichment source: fetches (from a base URL or a local mirror, see {@link
 * Fetcher}), parses into the OSV-shaped model and keeps its own incremental position as an opaque
 * cursor that the caller persists and hands back.
 *
 * <p>Contract: {@link #update} either returns a complete {@link FeedUpdate} or throws; it never
 * returns half of an archive. Whole downloads land in a temp file and are verified (length, archive
 * integrity, top-level parse) before any record is produced. A single bad record is counted in
 * {@link FeedUpdate#errors()} with its id and skipped; the rest loads.
 */
public interface Feed {

  /** Stable name used in status, metrics and provenance ("osv-Go", "debian", "nvd"...). */
  String name();

  /** Where it reads from (base URL or mirror directory), for status pages. */
  String location();

  /**
   * Everything that changed since {@code cursor} ({@code null}: a full import).
   *
   * @throws IOException when the source is unreachable, answers 5xx, or a download is truncated or
   *     corrupt; the caller keeps serving its last good data
   */
  FeedUpdate update(String cursor) throws IOException;
}
