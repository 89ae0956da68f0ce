package dev.tallyman.analysis.layer;

/** Identity and provenance of one layer: what wrote a file, and which Dockerfile step did. */
public record LayerInfo(
    String diffId, String digest, String mediaType, long size, String createdBy) {}
