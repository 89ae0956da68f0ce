package dev.tallyman.analysis.oci;

/** What a manifest request returned: one image or an index of images. */
public sealed interface ParsedManifest permits ImageManifest, ImageIndex {
  String mediaType();

  String digest();
}
