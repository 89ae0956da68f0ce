package dev.tallyman.analysis.layer;

/**
 * One entry of a layer as archived: the raw (unnormalized) name, kind, size and permission bits
 * ({@code -1} when the archive does not say).
 */
public record LayerEntry(String name, EntryKind kind, long size, String linkName, int mode) {
  public LayerEntry(String name, EntryKind kind, long size, String linkName) {
    this(name, kind, size, linkName, -1);
  }

  /** A regular file with any execute bit set. */
  public boolean executable() {
    return kind == EntryKind.FILE && mode >= 0 && (mode & 0111) != 0;
  }
}
