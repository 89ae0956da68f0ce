package dev.tallyman.analysis.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.oci.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A complete OCI image (config, gzip layers, manifest) built in memory from tar layers. */
public final class TestImage {
  private static final ObjectMapper JSON = new ObjectMapper();
  public final Map<String, byte[]> blobs = new LinkedHashMap<>();
  public final List<String> layerDigests = new ArrayList<>();
  public final List<String> diffIds = new ArrayList<>();
  public final byte[] config;
  public final String configDigest;
  public final byte[] manifest;
  public final String manifestDigest;
  public final String architecture;

  /** Layers are uncompressed tars; each is stored gzipped. createdBy names each layer's step. */
  public TestImage(String architecture, List<byte[]> tarLayers, List<String> createdBy) {
    this(architecture, tarLayers, createdBy, false);
  }

  /** As above, with every layer stored zstd-compressed ({@code tar+zstd}) when {@code zstd}. */
  public TestImage(
      String architecture, List<byte[]> tarLayers, List<String> createdBy, boolean zstd) {
    this(architecture, tarLayers, createdBy, zstd ? "zstd" : "gzip");
  }

  /** Every layer stored as it is (plain {@code tar}), as newer {@code docker save} writes them. */
  public static TestImage uncompressed(
      String architecture, List<byte[]> tarLayers, List<String> createdBy) {
    return new TestImage(architecture, tarLayers, createdBy, "none");
  }

  private TestImage(
      String architecture, List<byte[]> tarLayers, List<String> createdBy, String compression) {
    boolean zstd = compression.equals("zstd");
    boolean none = compression.equals("none");
    this.architecture = architecture;
    ObjectNode cfg = JSON.createObjectNode().put("os", "linux").put("architecture", architecture);
    ArrayNode ids = cfg.putObject("rootfs").put("type", "layers").putArray("diff_ids");
    ArrayNode history = cfg.putArray("history");
    history.addObject().put("created_by", "LABEL test=1").put("empty_layer", true);
    ObjectNode m =
        JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
    ArrayNode layers = JSON.createArrayNode();
    for (int i = 0; i < tarLayers.size(); i++) {
      byte[] gz =
          none
              ? tarLayers.get(i)
              : zstd ? TestArchives.zstd(tarLayers.get(i)) : TestArchives.gzip(tarLayers.get(i));
      String digest = Digests.sha256(gz);
      String diffId = Digests.sha256(tarLayers.get(i));
      blobs.put(digest, gz);
      layerDigests.add(digest);
      diffIds.add(diffId);
      ids.add(diffId);
      history.addObject().put("created_by", createdBy.get(i));
      layers
          .addObject()
          .put(
              "mediaType",
              none
                  ? MediaTypes.OCI_LAYER
                  : zstd ? MediaTypes.OCI_LAYER_ZSTD : MediaTypes.OCI_LAYER_GZIP)
          .put("digest", digest)
          .put("size", gz.length);
    }
    config = bytes(cfg);
    configDigest = Digests.sha256(config);
    blobs.put(configDigest, config);
    m.putObject("config")
        .put("mediaType", MediaTypes.OCI_CONFIG)
        .put("digest", configDigest)
        .put("size", config.length);
    m.set("layers", layers);
    manifest = bytes(m);
    manifestDigest = Digests.sha256(manifest);
  }

  /** An OCI image index over the given images, optionally with a BuildKit attestation entry. */
  public static byte[] index(List<TestImage> images, String attestationDigest) {
    ObjectNode idx =
        JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode ms = idx.putArray("manifests");
    for (TestImage img : images) {
      ObjectNode d =
          ms.addObject()
              .put("mediaType", MediaTypes.OCI_MANIFEST)
              .put("digest", img.manifestDigest)
              .put("size", img.manifest.length);
      d.putObject("platform").put("os", "linux").put("architecture", img.architecture);
    }
    if (attestationDigest != null) {
      ObjectNode d =
          ms.addObject()
              .put("mediaType", MediaTypes.OCI_MANIFEST)
              .put("digest", attestationDigest)
              .put("size", 10);
      d.putObject("platform").put("os", "unknown").put("architecture", "unknown");
      d.putObject("annotations").put("vnd.docker.reference.type", "attestation-manifest");
    }
    return bytes(idx);
  }

  /** Writes an OCI image layout whose index.json lists this image. */
  public Path writeOciLayout(Path dir) {
    return writeOciLayout(dir, List.of(this), null);
  }

  /** Writes an OCI layout; with several images, index.json points at a nested index blob. */
  public static Path writeOciLayout(Path dir, List<TestImage> images, String attestationDigest) {
    try {
      Path blobsDir = Files.createDirectories(dir.resolve("blobs/sha256"));
      for (TestImage img : images) {
        for (var b : img.blobs.entrySet()) {
          Files.write(blobsDir.resolve(b.getKey().substring(7)), b.getValue());
        }
        Files.write(blobsDir.resolve(img.manifestDigest.substring(7)), img.manifest);
      }
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      byte[] index = index(images, attestationDigest);
      if (images.size() == 1 && attestationDigest == null) {
        Files.write(dir.resolve("index.json"), index);
      } else {
        String indexDigest = Digests.sha256(index);
        Files.write(blobsDir.resolve(indexDigest.substring(7)), index);
        ObjectNode top =
            JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
        top.putArray("manifests")
            .addObject()
            .put("mediaType", MediaTypes.OCI_INDEX)
            .put("digest", indexDigest)
            .put("size", index.length);
        Files.write(dir.resolve("index.json"), bytes(top));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Object node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
