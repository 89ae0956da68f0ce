package dev.tallyman.analysis.layer;

/** What a layer entry is; only regular files are ever read. */
public enum EntryKind {
  FILE,
  DIRECTORY,
  SYMLINK,
  HARDLINK,
  OTHER
}
