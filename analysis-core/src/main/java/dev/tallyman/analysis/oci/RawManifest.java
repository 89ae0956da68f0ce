package dev.tallyman.analysis.oci;

/** Manifest or index bytes exactly as served, with their media type and (verified) digest. */
public record RawManifest(byte[] bytes, String mediaType, String digest) {}
