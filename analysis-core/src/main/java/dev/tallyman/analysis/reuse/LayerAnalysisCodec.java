package dev.tallyman.analysis.reuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.layer.LayeredView.LayerChanges;
import dev.tallyman.analysis.oci.Digests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Gzipped JSON for {@link LayerAnalysis}, with a format version. Decoding is strict: anything
 * unexpected is an {@link IOException}, which callers treat as a cache miss.
 */
public final class LayerAnalysisCodec {
  public static final int FORMAT = 2;

  /** Oldest format still decoded: format 1 entries lack {@code modularityLabel} (read as empty). */
  static final int OLDEST_READABLE_FORMAT = 1;

  /**
   * Bump when a cataloger's output for the same file changes, so old entries stop matching (2: new
   * language catalogers; 3: rpm reads Berkeley DB and NDB databases and carries the modularity
   * label, manifest-only jars named from their file names; 4: executables found by their execute
   * bit, one rpm database per root).
   */
  public static final int CATALOG_REVISION = 4;

  /** Entries larger than this (serialized) are not cached; the layer is simply read each time. */
  public static final int MAX_ENTRY_BYTES = 8 * 1024 * 1024;

  /** Decompressed size cap, so a hostile entry cannot exhaust memory. */
  static final long MAX_JSON_BYTES = 128L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private LayerAnalysisCodec() {}

  /**
   * The cache key: format, a fingerprint of what shapes a layer's analysis (catalogers, their
   * revision, the file size limit), and the layer's content digest.
   */
  public static String key(List<Cataloger> catalogers, LayerLimits limits, String diffId) {
    String impl = LayerAnalysisCodec.class.getPackage().getImplementationVersion();
    StringBuilder what =
        new StringBuilder()
            .append("revision=")
            .append(CATALOG_REVISION)
            .append(";build=")
            .append(impl == null ? "dev" : impl)
            .append(";maxFileBytes=")
            .append(limits.maxFileBytes());
    for (Cataloger c : catalogers) {
      what.append(";").append(c.name()).append("=").append(c.getClass().getName());
    }
    String fingerprint =
        Digests.hex(Digests.sha256(what.toString().getBytes(StandardCharsets.UTF_8)))
            .substring(0, 16);
    return "layer/v" + FORMAT + "/" + fingerprint + "/" + diffId;
  }

  public static byte[] encode(LayerAnalysis a) {
    ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("diffId", a.diffId());
    strings(root.putArray("blobDigests"), a.blobDigests());
    LayerChanges<FileResult> c = a.changes();
    strings(root.putArray("deleted"), c.deleted());
    strings(root.putArray("opaque"), c.opaque());
    strings(root.putArray("replaced"), c.replaced());
    ArrayNode files = root.putArray("files");
    c.added()
        .forEach(
            (path, r) -> {
              ObjectNode f = files.addObject().put("path", path);
              if (r.os() != null) {
                f.putObject("os")
                    .put("id", r.os().id())
                    .put("versionId", r.os().versionId())
                    .put("versionCodename", r.os().versionCodename())
                    .put("prettyName", r.os().prettyName())
                    .put("idLike", r.os().idLike());
              }
              if (r.cataloger() != null) {
                f.put("cataloger", r.cataloger());
              }
              ArrayNode pkgs = f.putArray("packages");
              for (Package p : r.packages()) {
                pkgs.addObject()
                    .put("ecosystem", p.ecosystem())
                    .put("name", p.name())
                    .put("version", p.version())
                    .put("purl", p.purl())
                    .put("sourceName", p.sourceName())
                    .put("sourceVersion", p.sourceVersion())
                    .put("arch", p.arch())
                    .put("path", p.path())
                    .put("modularityLabel", p.modularityLabel());
              }
            });
    strings(root.putArray("notes"), a.notes());
    root.put("droppedNotes", a.droppedNotes());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      JSON.writeValue(gz, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Sorted, so that equal analyses encode to equal bytes (and compress well). */
  private static void strings(ArrayNode array, Collection<String> values) {
    Collection<String> ordered = values instanceof List<String> ? values : new TreeSet<>(values);
    ordered.forEach(array::add);
  }

  /** Packages come back without a layer: the caller binds them to the layer they are used in. */
  public static LayerAnalysis decode(byte[] entry, String expectedDiffId) throws IOException {
    JsonNode root;
    try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(entry))) {
      root = JSON.readTree(LimitedInputStream.readAll(gz, MAX_JSON_BYTES, "layer cache entry"));
    } catch (RuntimeException e) {
      throw new IOException("unreadable layer cache entry: " + e.getMessage(), e);
    }
    try {
      int format = root == null ? -1 : root.path("format").asInt(-1);
      if (format < OLDEST_READABLE_FORMAT || format > FORMAT) {
        throw new IOException("layer cache entry has another format");
      }
      String diffId = text(root, "diffId");
      if (!diffId.equals(expectedDiffId)) {
        throw new IOException("layer cache entry is for " + diffId + ", not " + expectedDiffId);
      }
      Map<String, FileResult> added = new LinkedHashMap<>();
      for (JsonNode f : array(root, "files")) {
        JsonNode os = f.get("os");
        OsRelease release =
            os == null
                ? null
                : new OsRelease(
                    text(os, "id"),
                    text(os, "versionId"),
                    text(os, "versionCodename"),
                    text(os, "prettyName"),
                    text(os, "idLike"));
        String cataloger = f.hasNonNull("cataloger") ? text(f, "cataloger") : null;
        List<Package> packages = new ArrayList<>();
        for (JsonNode p : array(f, "packages")) {
          packages.add(
              new Package(
                  text(p, "ecosystem"),
                  text(p, "name"),
                  text(p, "version"),
                  text(p, "purl"),
                  text(p, "sourceName"),
                  text(p, "sourceVersion"),
                  text(p, "arch"),
                  text(p, "path"),
                  null,
                  p.has("modularityLabel") ? text(p, "modularityLabel") : ""));
        }
        added.put(text(f, "path"), new FileResult(release, cataloger, packages));
      }
      JsonNode dropped = root.get("droppedNotes");
      if (dropped == null || !dropped.canConvertToInt() || dropped.asInt() < 0) {
        throw new IOException("layer cache entry has no valid droppedNotes");
      }
      return new LayerAnalysis(
          diffId,
          set(root, "blobDigests"),
          new LayerChanges<>(
              set(root, "deleted"), set(root, "opaque"), set(root, "replaced"), added),
          new ArrayList<>(set(root, "notes", new ArrayList<>())),
          dropped.asInt());
    } catch (RuntimeException e) {
      throw new IOException("malformed layer cache entry: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IOException("layer cache entry lacks text field " + field);
    }
    return v.asText();
  }

  private static JsonNode array(JsonNode node, String field) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || !v.isArray()) {
      throw new IOException("layer cache entry lacks array " + field);
    }
    return v;
  }

  private static Set<String> set(JsonNode node, String field) throws IOException {
    return set(node, field, new HashSet<>());
  }

  private static <C extends Collection<String>> C set(JsonNode node, String field, C out)
      throws IOException {
    for (JsonNode v : array(node, field)) {
      if (!v.isTextual()) {
        throw new IOException("layer cache entry has a non-text value in " + field);
      }
      out.add(v.asText());
    }
    return out;
  }
}
