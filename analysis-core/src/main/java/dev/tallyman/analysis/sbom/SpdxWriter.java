package dev.tallyman.analysis.sbom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.EolStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * SPDX 2.3 JSON. Output is deterministic: the namespace derives from the image digest, packages are
 * sorted, and {@code created} is the fixed {@link #CREATED} instant because an {@link Sbom} carries
 * no analysis time (the same image must yield the same bytes).
 */
public final class SpdxWriter {
  /** The Unix epoch: SPDX requires a creation time and we have none that is reproducible. */
  public static final String CREATED = "1970-01-01T00:00:00Z";

  static final String NAMESPACE_BASE = "https://tallyman.dev/spdx/";
  static final String IMAGE_ID = "SPDXRef-Image";
  private static final String NOASSERTION = "NOASSERTION";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String toolVersion;

  public SpdxWriter(String toolVersion) {
    this.toolVersion = toolVersion;
  }

  public void write(Sbom sbom, OutputStream out) throws IOException {
    JSON.writeValue(out, toJson(sbom));
  }

  public ObjectNode toJson(Sbom sbom) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("spdxVersion", "SPDX-2.3")
        .put("dataLicense", "CC0-1.0")
        .put("SPDXID", "SPDXRef-DOCUMENT")
        .put("name", sbom.source())
        .put("documentNamespace", namespace(sbom));
    ObjectNode creation = doc.putObject("creationInfo");
    creation.put("created", CREATED);
    creation.putArray("creators").add("Tool: tallyman-" + toolVersion);
    doc.putArray("documentDescribes").add(IMAGE_ID);

    ArrayNode packages = doc.putArray("packages");
    ArrayNode relationships = doc.putArray("relationships");
    relationship(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", IMAGE_ID);

    ObjectNode image = packages.addObject();
    image.put("SPDXID", IMAGE_ID).put("name", sbom.source());
    if (!isEmpty(sbom.imageDigest())) {
      image.put("versionInfo", sbom.imageDigest());
    }
    noAssertions(image);
    image.put("primaryPackagePurpose", "CONTAINER");
    image.put("comment", "platform " + sbom.platform() + osComment(sbom));

    // Package.id() is a hash of (ecosystem, name, version, path): equal ids are the same package
    // reported twice, and SPDXIDs must be unique within a document.
    Map<String, Package> byId = new LinkedHashMap<>();
    sbom.packages().stream()
        .sorted(
            Comparator.comparing((Package p) -> nonNull(p.name()))
                .thenComparing(p -> nonNull(p.version()))
                .thenComparing(p -> nonNull(p.path()))
                .thenComparing(Package::id))
        .forEach(p -> byId.putIfAbsent(spdxId(p), p));
    for (Map.Entry<String, Package> e : byId.entrySet()) {
      Package p = e.getValue();
      ObjectNode node = packages.addObject();
      node.put("SPDXID", e.getKey()).put("name", nonNull(p.name()));
      if (!isEmpty(p.version())) {
        node.put("versionInfo", p.version());
      }
      noAssertions(node);
      node.put("sourceInfo", sourceInfo(p));
      if (!isEmpty(p.purl())) {
        node.putArray("externalRefs")
            .addObject()
            .put("referenceCategory", "PACKAGE-MANAGER")
            .put("referenceType", "purl")
            .put("referenceLocator", p.purl());
      }
      if (!isEmpty(p.modularityLabel())) {
        // SPDX 2.3 has no field for it; a package annotation keeps it machine-readable.
        node.putArray("annotations")
            .addObject()
            .put("annotationDate", CREATED)
            .put("annotationType", "OTHER")
            .put("annotator", "Tool: tallyman-" + toolVersion)
            .put("comment", "tallyman:rpm:modularitylabel=" + p.modularityLabel());
      }
      relationship(relationships, IMAGE_ID, "CONTAINS", e.getKey());
    }
    return doc;
  }

  /** SPDX ids allow only letters, digits, '.' and '-'; the package id is lowercase hex. */
  static String spdxId(Package p) {
    return "SPDXRef-Package-" + p.id();
  }

  static String namespace(Sbom sbom) {
    String key =
        isEmpty(sbom.imageDigest())
            ? "source-"
                + UUID.nameUUIDFromBytes(
                    ("tallyman:" + sbom.source()).getBytes(StandardCharsets.UTF_8))
            : sbom.imageDigest();
    // a digest ("sha256:<hex>") is already a valid path segment; anything else is escaped
    return NAMESPACE_BASE
        + (key.matches("[A-Za-z0-9:._-]+") ? key : URLEncoder.encode(key, StandardCharsets.UTF_8));
  }

  private static String sourceInfo(Package p) {
    StringBuilder s = new StringBuilder("found in ").append(nonNull(p.path()));
    if (p.layer() != null && !isEmpty(p.layer().diffId())) {
      s.append(" (layer ").append(p.layer().diffId()).append(')');
    }
    return s.toString();
  }

  private static String osComment(Sbom sbom) {
    if (sbom.os() == null || !sbom.os().isKnown()) {
      return "";
    }
    String s = ", os " + sbom.os().prettyName();
    if (sbom.osEol().state() != EolStatus.State.UNKNOWN) {
      s += ", os end of life: " + sbom.osEol().describe();
    }
    return s;
  }

  private static void noAssertions(ObjectNode pkg) {
    pkg.put("downloadLocation", NOASSERTION)
        .put("filesAnalyzed", false)
        .put("licenseConcluded", NOASSERTION)
        .put("licenseDeclared", NOASSERTION)
        .put("copyrightText", NOASSERTION);
  }

  private static void relationship(ArrayNode rels, String from, String type, String to) {
    rels.addObject()
        .put("spdxElementId", from)
        .put("relationshipType", type)
        .put("relatedSpdxElement", to);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
