package dev.tallyman.analysis.layer;

/** One entry of a layer as archived: the raw (unnormalized) name, kind and size. */
public record LayerEntry(String name, EntryKind kind, long size, String linkName) {}
