package dev.tallyman.analysis.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.ImageNotFoundException;
import dev.tallyman.analysis.io.FileRangeInputStream;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.io.LocalBlob;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.layer.LayerPaths;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.DigestVerifyingInputStream;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.oci.ImageConfig;
import dev.tallyman.analysis.oci.Manifests;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.oci.RawManifest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * A {@code docker save} archive. Newer Docker writes an OCI layout inside, which is used when
 * present; otherwise manifest.json is turned into an equivalent schema2 manifest whose layer
 * digests are the diff ids (the layer tars are uncompressed).
 */
public final class DockerArchiveSource extends BlobImageSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String name;
  private final TarFile tar;
  private final Path file;
  private static final int MAX_LINK_HOPS = 8;
  private final Map<String, TarArchiveEntry> entries = new HashMap<>();
  private final Map<String, String> blobPaths = new HashMap<>();
  private RawManifest synthesized;

  private DockerArchiveSource(String name, Path file, TarFile tar, LayerLimits limits) {
    super(limits);
    this.name = name;
    this.file = file;
    this.tar = tar;
    for (TarArchiveEntry e : tar.getEntries()) {
      LayerPaths.normalize(e.getName()).ifPresent(p -> entries.put(p.substring(1), e));
    }
  }

  /** Opens the archive as an OCI layout when it has one, else as a legacy docker save. */
  public static ImageSource open(String name, Path file, LayerLimits limits) throws IOException {
    TarFile tar;
    try {
      tar = new TarFile(file);
    } catch (IOException e) {
      throw new AnalysisException(name + ": not a readable tar archive: " + e.getMessage(), e);
    }
    DockerArchiveSource source = new DockerArchiveSource(name, file, tar, limits);
    if (source.entries.containsKey("index.json") && source.entries.containsKey("oci-layout")) {
      return new OciLayoutSource(name, source::openEntry, source::locateEntry, tar, limits);
    }
    return source;
  }

  /**
   * Each entry gets its own channel: layers are read concurrently, and the streams of {@link
   * TarFile} share one channel position.
   */
  private InputStream openEntry(String path) throws IOException {
    TarArchiveEntry e = fileEntry(path);
    if (e == null) {
      return null;
    }
    if (e.isSparse()) {
      throw new AnalysisException(name + ": " + path + " is a sparse tar entry (not supported)");
    }
    return new BufferedInputStream(
        new FileRangeInputStream(file, e.getDataOffset(), e.getSize()), 64 * 1024);
  }

  /**
   * The regular file at {@code path}, following symbolic links inside the archive: {@code docker
   * save} stores a layer that an image holds twice once, and links the second {@code layer.tar} to
   * the first. A link that leaves the archive's root, loops or chains more than {@value
   * #MAX_LINK_HOPS} times leads nowhere (null), as does any other kind of entry.
   */
  private TarArchiveEntry fileEntry(String path) {
    String at = path;
    for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      TarArchiveEntry e = entries.get(at);
      if (e == null) {
        return null;
      }
      if (regular(e)) {
        return e;
      }
      if (!e.isSymbolicLink()) {
        return null;
      }
      String link = e.getLinkName();
      String dir = at.contains("/") ? at.substring(0, at.lastIndexOf('/')) : "";
      Optional<String> target =
          LayerPaths.normalize(link.startsWith("/") ? link : dir + "/" + link);
      if (target.isEmpty()) {
        return null;
      }
      at = target.get().substring(1);
    }
    return null;
  }

  /** commons-compress answers {@code isFile()} for links, devices and fifos too. */
  private static boolean regular(TarArchiveEntry e) {
    return e.isFile()
        && !e.isSymbolicLink()
        && !e.isLink()
        && !e.isCharacterDevice()
        && !e.isBlockDevice()
        && !e.isFIFO();
  }

  /** Where a file of the archive lies in it, or null when it is missing, not a file or sparse. */
  private LocalBlob locateEntry(String path) throws IOException {
    TarArchiveEntry e = fileEntry(path);
    if (e == null || e.isSparse()) {
      return null;
    }
    return LocalBlob.open(file, e.getDataOffset(), e.getSize(), true);
  }

  @Override
  protected LocalBlob localBlob(Descriptor d) throws IOException {
    String path = blobPaths.get(d.digest());
    return path == null ? null : locateEntry(path);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RawManifest rootManifest() throws IOException {
    if (synthesized != null) {
      return synthesized;
    }
    InputStream in = openEntry("manifest.json");
    if (in == null) {
      throw new ImageNotFoundException(name + ": no manifest.json (not a docker save archive)");
    }
    JsonNode list;
    try (in) {
      list =
          JSON.readTree(LimitedInputStream.readAll(in, Manifests.MAX_JSON_BYTES, "manifest.json"));
    }
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new AnalysisException(name + ": manifest.json lists no image");
    }
    JsonNode image = list.get(0);
    String configPath = image.path("Config").asText("");
    InputStream configIn = openEntry(normalized(configPath));
    if (configIn == null) {
      throw new AnalysisException(name + ": config " + configPath + " is missing");
    }
    byte[] config;
    try (configIn) {
      config = LimitedInputStream.readAll(configIn, Manifests.MAX_JSON_BYTES, "image config");
    }
    String configDigest = Digests.sha256(config);
    blobPaths.put(configDigest, normalized(configPath));
    ImageConfig parsed = ImageConfig.parse(config, configDigest);
    JsonNode layers = image.path("Layers");
    if (layers.size() != parsed.diffIds().size()) {
      throw new AnalysisException(
          name
              + ": manifest.json lists "
              + layers.size()
              + " layers, config has "
              + parsed.diffIds().size());
    }
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2).put("mediaType", MediaTypes.DOCKER_MANIFEST);
    manifest
        .putObject("config")
        .put("mediaType", MediaTypes.DOCKER_CONFIG)
        .put("digest", configDigest)
        .put("size", config.length);
    ArrayNode out = manifest.putArray("layers");
    for (int i = 0; i < layers.size(); i++) {
      String path = normalized(layers.get(i).asText(""));
      TarArchiveEntry e = fileEntry(path);
      if (e == null) {
        throw new AnalysisException(name + ": layer " + layers.get(i).asText() + " is missing");
      }
      String diffId = parsed.diffIds().get(i);
      blobPaths.put(diffId, path);
      out.addObject()
          .put("mediaType", MediaTypes.OCI_LAYER)
          .put("digest", diffId)
          .put("size", e.getSize());
    }
    byte[] bytes = JSON.writeValueAsBytes(manifest);
    synthesized = new RawManifest(bytes, MediaTypes.DOCKER_MANIFEST, Digests.sha256(bytes));
    return synthesized;
  }

  private static String normalized(String path) {
    return LayerPaths.normalize(path).map(p -> p.substring(1)).orElse("");
  }

  @Override
  protected InputStream openVerified(Descriptor d) throws IOException {
    String path = blobPaths.get(d.digest());
    InputStream in = path == null ? null : openEntry(path);
    if (in == null) {
      throw new ImageNotFoundException(name + ": blob " + d.digest() + " is missing");
    }
    return new DigestVerifyingInputStream(in, d.digest(), d.size());
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
