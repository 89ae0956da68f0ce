package dev.tallyman.analysis.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.analysis.ImageNotFoundException;
import dev.tallyman.analysis.layer.DirectoryLayerArchive;
import dev.tallyman.analysis.layer.LayerArchive;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.oci.RawManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A root filesystem directory presented as an image with one pseudo-layer, so that it runs through
 * the same analyzer. The pseudo digests are derived from the path, not from content.
 */
public final class DirectorySource implements ImageSource {
  public static final String DIRECTORY_LAYER = "application/vnd.tallyman.rootfs.directory";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String name;
  private final Path root;
  private final LayerLimits limits;
  private final byte[] config;
  private final RawManifest manifest;

  public DirectorySource(String name, Path root, LayerLimits limits) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new ImageNotFoundException(name + ": " + root + " is not a directory");
    }
    this.name = name;
    this.root = root.toAbsolutePath().normalize();
    this.limits = limits;
    String layerId = Digests.sha256(("dir:" + this.root).getBytes(StandardCharsets.UTF_8));
    ObjectNode cfg = JSON.createObjectNode().put("os", "linux");
    cfg.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layerId);
    cfg.putArray("history").addObject().put("created_by", "directory " + this.root);
    this.config = JSON.writeValueAsBytes(cfg);
    ObjectNode m =
        JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
    m.putObject("config")
        .put("mediaType", MediaTypes.OCI_CONFIG)
        .put("digest", Digests.sha256(config))
        .put("size", config.length);
    m.putArray("layers")
        .addObject()
        .put("mediaType", DIRECTORY_LAYER)
        .put("digest", layerId)
        .put("size", 0);
    byte[] bytes = JSON.writeValueAsBytes(m);
    this.manifest = new RawManifest(bytes, MediaTypes.OCI_MANIFEST, Digests.sha256(bytes));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RawManifest rootManifest() {
    return manifest;
  }

  @Override
  public RawManifest manifest(Descriptor descriptor) {
    return manifest;
  }

  @Override
  public byte[] config(Descriptor descriptor) {
    return config.clone();
  }

  @Override
  public boolean contentAddressed() {
    return false; // the "diff id" names the directory, not its content
  }

  @Override
  public LayerArchive openLayer(Descriptor descriptor, String diffId) {
    return new DirectoryLayerArchive(root, limits);
  }
}
