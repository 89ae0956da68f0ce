package dev.tallyman.analysis.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.analysis.AnalysisException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The parts of the image config we need: platform, layer diff ids and their history. */
public record ImageConfig(Platform platform, List<String> diffIds, List<String> layerCreatedBy) {
  public ImageConfig {
    diffIds = List.copyOf(diffIds);
    layerCreatedBy = List.copyOf(layerCreatedBy);
  }

  public static ImageConfig parse(byte[] json, String digest) {
    JsonNode root;
    try {
      root = Manifests.JSON.readTree(json);
    } catch (IOException e) {
      throw new AnalysisException("image config " + digest + " is not valid JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new AnalysisException("image config " + digest + " is not a JSON object");
    }
    Platform platform =
        new Platform(
            root.path("os").asText(""),
            root.path("architecture").asText(""),
            root.path("variant").asText(""));
    List<String> diffIds = new ArrayList<>();
    for (JsonNode id : root.path("rootfs").path("diff_ids")) {
      diffIds.add(Digests.require(id.asText()));
    }
    // History entries without empty_layer produced the layers, in order.
    List<String> createdBy = new ArrayList<>();
    for (JsonNode h : root.path("history")) {
      if (!h.path("empty_layer").asBoolean(false)) {
        createdBy.add(h.path("created_by").asText(""));
      }
    }
    List<String> perLayer = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      // Builders that omit history leave this unknown rather than misattributing steps.
      perLayer.add(createdBy.size() == diffIds.size() ? createdBy.get(i) : "");
    }
    return new ImageConfig(platform, diffIds, perLayer);
  }
}
