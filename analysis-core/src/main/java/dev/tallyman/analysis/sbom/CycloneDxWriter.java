package dev.tallyman.analysis.sbom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.EolStatus;
import dev.tallyman.analysis.catalog.os.OsRelease;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * CycloneDX 1.6 JSON. Output is deterministic: the serial number derives from the image digest and
 * no timestamp is written, so the same image yields the same document.
 */
public final class CycloneDxWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final String toolVersion;

  public CycloneDxWriter(String toolVersion) {
    this.toolVersion = toolVersion;
  }

  public void write(Sbom sbom, OutputStream out) throws IOException {
    JSON.writeValue(out, toJson(sbom));
  }

  public ObjectNode toJson(Sbom sbom) {
    ObjectNode bom = JSON.createObjectNode();
    bom.put("bomFormat", "CycloneDX").put("specVersion", "1.6");
    bom.put(
        "serialNumber",
        "urn:uuid:"
            + UUID.nameUUIDFromBytes(
                ("tallyman:" + sbom.imageDigest()).getBytes(StandardCharsets.UTF_8)));
    bom.put("version", 1);
    ObjectNode metadata = bom.putObject("metadata");
    metadata
        .putObject("tools")
        .putArray("components")
        .addObject()
        .put("type", "application")
        .put("name", "tallyman")
        .put("version", toolVersion);
    ObjectNode image = metadata.putObject("component");
    image
        .put("bom-ref", "image:" + sbom.imageDigest())
        .put("type", "container")
        .put("name", sbom.source())
        .put("version", sbom.imageDigest());
    ArrayNode imageProps = image.putArray("properties");
    prop(imageProps, "tallyman:image:platform", sbom.platform().toString());
    prop(imageProps, "tallyman:image:configDigest", sbom.configDigest());
    prop(imageProps, "tallyman:image:indexDigest", sbom.indexDigest());
    prop(imageProps, "tallyman:os:id", sbom.os().id());
    prop(imageProps, "tallyman:os:versionId", sbom.os().versionId());
    prop(imageProps, "tallyman:os:prettyName", sbom.os().prettyName());
    ArrayNode components = bom.putArray("components");
    // the same package reported twice has the same id: bom-refs (and components) must be unique
    Set<String> seen = new HashSet<>();
    for (Package p : sbom.packages()) {
      if (!seen.add(p.id())) {
        continue;
      }
      ObjectNode c = components.addObject();
      c.put("bom-ref", p.id()).put("type", "library");
      int colon = p.name().indexOf(':');
      if (p.ecosystem().equals("Maven") && colon > 0) {
        c.put("group", p.name().substring(0, colon)).put("name", p.name().substring(colon + 1));
      } else {
        c.put("name", p.name());
      }
      c.put("version", p.version());
      if (p.purl() != null && !p.purl().isEmpty()) {
        c.put("purl", p.purl());
      }
      ArrayNode props = c.putArray("properties");
      prop(props, "tallyman:package:ecosystem", p.ecosystem());
      prop(props, "tallyman:package:path", p.path());
      prop(props, "tallyman:package:sourceName", p.sourceName());
      prop(props, "tallyman:package:sourceVersion", p.sourceVersion());
      prop(props, "tallyman:rpm:modularitylabel", p.modularityLabel());
      prop(props, "tallyman:layer:diffId", p.layer().diffId());
      prop(props, "tallyman:layer:digest", p.layer().digest());
      prop(props, "tallyman:layer:createdBy", p.layer().createdBy());
    }
    if (sbom.os().isKnown()) {
      components.add(osComponent(sbom));
    }
    return bom;
  }

  /** The OS as an operating-system component carrying its end-of-life status. */
  private static ObjectNode osComponent(Sbom sbom) {
    OsRelease os = sbom.os();
    ObjectNode c = JSON.createObjectNode();
    c.put("bom-ref", "os:" + os.id() + (os.versionId().isEmpty() ? "" : "@" + os.versionId()))
        .put("type", "operating-system")
        .put("name", os.id());
    if (!os.versionId().isEmpty()) {
      c.put("version", os.versionId());
    }
    if (!os.prettyName().isEmpty()) {
      c.put("description", os.prettyName());
    }
    EolStatus eol = sbom.osEol();
    ArrayNode props = c.putArray("properties");
    prop(props, "tallyman:os:versionCodename", os.versionCodename());
    prop(props, "tallyman:os:idLike", os.idLike());
    prop(props, "tallyman:os:eol:status", eol.state().label());
    prop(props, "tallyman:os:eol:date", eol.eol() == null ? "" : eol.eol().toString());
    prop(props, "tallyman:os:eol:rolling", eol.rolling() ? "true" : "");
    prop(
        props,
        "tallyman:os:eol:extendedUntil",
        eol.extendedUntil() == null ? "" : eol.extendedUntil().toString());
    prop(props, "tallyman:os:eol:source", eol.source());
    prop(props, "tallyman:os:eol:asOf", eol.tableAsOf() == null ? "" : eol.tableAsOf().toString());
    return c;
  }

  private static void prop(ArrayNode props, String name, String value) {
    if (value != null && !value.isEmpty()) {
      props.addObject().put("name", name).put("value", value);
    }
  }
}
