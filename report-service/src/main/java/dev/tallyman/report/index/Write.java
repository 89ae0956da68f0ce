package dev.tallyman.report.index;

import java.util.Map;

/**
 * One bulk operation: a whole document ({@link Op#INDEX} replaces; {@link Op#CREATE} only if no
 * document has that id yet), a partial {@code doc} update ({@link Op#PATCH} of an existing one,
 * {@link Op#PATCH_IF_EXISTS} skipping a missing one, {@link Op#UPSERT} creating it from the partial
 * document when missing), or a delete by id. No scripts on this cluster, so these are all there is.
 */
public record Write(String alias, String id, Map<String, Object> source, Op op) {
  /** The kinds of bulk operation. */
  public enum Op {
    INDEX,
    CREATE,
    DELETE,
    PATCH,
    PATCH_IF_EXISTS,
    UPSERT
  }

  public static Write index(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, Op.INDEX);
  }

  /**
   * Writes the document only if none exists: two consumers that both saw "no document" cannot
   * overwrite each other; the loser gets a 409, which is retried (and then sees the winner's).
   */
  public static Write create(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, Op.CREATE);
  }

  /** Deletes the document (a missing one is not an error). */
  public static Write delete(String alias, String id) {
    return new Write(alias, id, null, Op.DELETE);
  }

  /** Merges {@code source} into the existing document (a missing one is retried as transient). */
  public static Write patch(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, Op.PATCH);
  }

  /** Merges {@code source} into the document if there is one; a missing one is skipped. */
  public static Write patchIfExists(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, Op.PATCH_IF_EXISTS);
  }

  /**
   * Merges {@code source} into the document, or creates it from {@code source} alone. Two writers
   * that upsert disjoint fields of one id end with the union whatever their order (Elasticsearch
   * applies updates of one document one at a time).
   */
  public static Write upsert(String alias, String id, Map<String, Object> source) {
    return new Write(alias, id, source, Op.UPSERT);
  }

  public boolean isDelete() {
    return op == Op.DELETE;
  }

  public boolean partial() {
    return op == Op.PATCH || op == Op.PATCH_IF_EXISTS || op == Op.UPSERT;
  }
}
