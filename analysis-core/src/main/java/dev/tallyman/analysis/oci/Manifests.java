package dev.tallyman.analysis.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.AnalysisException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses manifest and index JSON, refusing what we cannot analyze with a clear reason. */
public final class Manifests {
  /** Manifests, indexes and configs are small; anything larger is refused. */
  public static final long MAX_JSON_BYTES = 4L * 1024 * 1024;

  static final ObjectMapper JSON = new ObjectMapper();

  private Manifests() {}

  public static ParsedManifest parse(RawManifest raw) {
    JsonNode root;
    try {
      root = JSON.readTree(raw.bytes());
    } catch (IOException e) {
      throw new AnalysisException("manifest " + raw.digest() + " is not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new AnalysisException("manifest " + raw.digest() + " is not a JSON object");
    }
    String mediaType = mediaType(raw.mediaType(), root);
    if (MediaTypes.isSchema1(mediaType) || root.path("schemaVersion").asInt() == 1) {
      throw new AnalysisException(
          "manifest " + raw.digest() + " uses Docker schema 1, which is not supported");
    }
    if (MediaTypes.isIndex(mediaType)) {
      List<Descriptor> manifests = new ArrayList<>();
      for (JsonNode d : root.path("manifests")) {
        manifests.add(descriptor(d, raw.digest()));
      }
      return new ImageIndex(mediaType, raw.digest(), manifests);
    }
    if (MediaTypes.isManifest(mediaType)) {
      JsonNode config = root.get("config");
      if (config == null) {
        throw new AnalysisException("manifest " + raw.digest() + " has no config");
      }
      List<Descriptor> layers = new ArrayList<>();
      for (JsonNode d : root.path("layers")) {
        layers.add(descriptor(d, raw.digest()));
      }
      Descriptor configDescriptor = descriptor(config, raw.digest());
      return new ImageManifest(
          mediaType,
          raw.digest(),
          configDescriptor,
          layers,
          artifactType(root, configDescriptor, layers));
    }
    throw new AnalysisException(
        "manifest " + raw.digest() + " has unsupported media type " + mediaType);
  }

  /**
   * Empty for a container image. An artifact says so with {@code artifactType} (OCI 1.1), or with a
   * config type that is not an image config (Helm, the OCI empty config), or has layers none of
   * which is a filesystem layer (cosign signatures and attestations keep an image config type).
   */
  static String artifactType(JsonNode root, Descriptor config, List<Descriptor> layers) {
    String declared = root.path("artifactType").asText("");
    if (!declared.isEmpty()) {
      return declared;
    }
    if (!config.mediaType().isEmpty() && !MediaTypes.isImageConfig(config.mediaType())) {
      return config.mediaType();
    }
    if (!layers.isEmpty()
        && layers.stream().noneMatch(l -> MediaTypes.isFilesystemLayer(l.mediaType()))) {
      return layers.get(0).mediaType();
    }
    return "";
  }

  /** Content-Type wins unless it is generic; then the JSON's own mediaType, then its shape. */
  private static String mediaType(String contentType, JsonNode root) {
    String header = contentType == null ? "" : contentType.split(";")[0].trim();
    if (!header.isEmpty() && !header.equals("application/json") && !header.equals("text/plain")) {
      return header;
    }
    String declared = root.path("mediaType").asText("");
    if (!declared.isEmpty()) {
      return declared;
    }
    if (root.has("manifests")) {
      return MediaTypes.OCI_INDEX;
    }
    if (root.has("config") && root.has("layers")) {
      return MediaTypes.OCI_MANIFEST;
    }
    return header;
  }

  private static Descriptor descriptor(JsonNode d, String owner) {
    String digest = d.path("digest").asText(null);
    if (!Digests.isValid(digest)) {
      throw new AnalysisException(
          "manifest " + owner + " references an unsupported digest: " + Digests.abbreviate(digest));
    }
    long size = d.path("size").asLong(-1);
    if (size < 0) {
      throw new AnalysisException("manifest " + owner + " has a descriptor without size");
    }
    Platform platform = null;
    JsonNode p = d.get("platform");
    if (p != null && p.isObject()) {
      platform =
          new Platform(
              p.path("os").asText(""),
              p.path("architecture").asText(""),
              p.path("variant").asText(""));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    d.path("annotations")
        .fields()
        .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return new Descriptor(
        d.path("mediaType").asText(""),
        digest,
        size,
        platform,
        annotations,
        d.path("artifactType").asText(""));
  }
}
