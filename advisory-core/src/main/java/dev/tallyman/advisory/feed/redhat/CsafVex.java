package dev.tallyman.advisory.feed.redhat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.Records;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.osv.OsvReference;
import dev.tallyman.advisory.osv.OsvSeverity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates a Red Hat CSAF VEX document (one CVE) into one OSV-shaped record {@code
 * REDHAT-CVE-...}. The product tree maps each full product id {@code PLATFORM:COMPONENT} to the
 * platform CPE (→ ecosystem {@code Red Hat:enterprise_linux:8::appstream}) and the component purl
 * (→ source RPM name, {@code epoch:version-release}, module stream from the {@code rpmmod}
 * qualifier). Only source RPMs are kept: binaries are mapped to their source through the SBOM.
 * Statuses kept: fixed, known_affected (no fix yet), known_not_affected, under_investigation.
 */
public final class CsafVex {
  private static final Pattern RHSA = Pattern.compile("RH[SBE]A-\\d{4}:\\d+");

  private CsafVex() {}

  private record Component(String name, String version, String epoch, String arch, String module) {}

  public static List<OsvRecord> parse(byte[] json) throws IOException {
    JsonNode doc = FeedJson.JSON.readTree(json);
    if (doc == null || !doc.path("document").isObject() || !doc.path("vulnerabilities").isArray()) {
      throw new IOException("not a CSAF document");
    }
    Map<String, String> platformCpe = new HashMap<>();
    Map<String, Component> components = new HashMap<>();
    walk(doc.path("product_tree").path("branches"), platformCpe, components);
    Map<String, String[]> rel = new HashMap<>();
    for (JsonNode r : doc.path("product_tree").path("relationships")) {
      rel.put(
          r.path("full_product_name").path("product_id").asText(),
          new String[] {
            r.path("relates_to_product_reference").asText(), r.path("product_reference").asText()
          });
    }
    String modified =
        doc.path("document").path("tracking").path("current_release_date").asText(null);
    String aggregate = doc.path("document").path("aggregate_severity").path("text").asText(null);
    List<OsvRecord> out = new ArrayList<>();
    for (JsonNode v : doc.path("vulnerabilities")) {
      String cve = v.path("cve").asText("");
      if (cve.isEmpty()) {
        throw new IOException("vulnerability without cve");
      }
      Map<String, String> impactByProduct = new HashMap<>();
      for (JsonNode t : v.path("threats")) {
        if ("impact".equals(t.path("category").asText())) {
          for (JsonNode p : t.path("product_ids")) {
            impactByProduct.put(p.asText(), t.path("details").asText());
          }
        }
      }
      Map<String, OsvAffected> affected = new LinkedHashMap<>();
      JsonNode status = v.path("product_status");
      add(status.path("fixed"), "fixed", rel, platformCpe, components, impactByProduct, affected);
      add(
          status.path("known_affected"),
          "known_affected",
          rel,
          platformCpe,
          components,
          impactByProduct,
          affected);
      add(
          status.path("known_not_affected"),
          "known_not_affected",
          rel,
          platformCpe,
          components,
          impactByProduct,
          affected);
      add(
          status.path("under_investigation"),
          "under_investigation",
          rel,
          platformCpe,
          components,
          impactByProduct,
          affected);
      List<OsvSeverity> severity = new ArrayList<>();
      for (JsonNode s : v.path("scores")) {
        String vec = s.path("cvss_v3").path("vectorString").asText("");
        if (!vec.isEmpty() && severity.stream().noneMatch(x -> x.score().equals(vec))) {
          severity.add(new OsvSeverity("CVSS_V3", vec));
        }
      }
      Set<String> related = new LinkedHashSet<>();
      for (JsonNode r : v.path("remediations")) {
        Matcher m = RHSA.matcher(r.path("url").asText(""));
        if (m.find()) {
          related.add(m.group());
        }
      }
      ObjectNode db = FeedJson.object();
      db.put("source", "redhat-csaf-vex");
      if (aggregate != null) {
        db.put("severity", aggregate);
      }
      if (v.path("cwe").hasNonNull("id")) {
        db.putArray("cwe_ids").add(v.path("cwe").path("id").asText());
      }
      String details = null;
      for (JsonNode n : v.path("notes")) {
        if ("description".equals(n.path("category").asText())) {
          details = n.path("text").asText();
        }
      }
      out.add(
          new OsvRecord(
              "1.6.0",
              "REDHAT-" + cve,
              modified,
              v.path("release_date").asText(null),
              null,
              List.of(),
              List.copyOf(related),
              List.of(cve),
              v.path("title").asText(null),
              details,
              severity,
              List.copyOf(affected.values()),
              List.of(
                  new OsvReference(
                      "ADVISORY", "https://access.redhat.com/security/cve/" + cve.toLowerCase())),
              db));
    }
    return out;
  }

  private static void add(
      JsonNode ids,
      String csafStatus,
      Map<String, String[]> rel,
      Map<String, String> platformCpe,
      Map<String, Component> components,
      Map<String, String> impact,
      Map<String, OsvAffected> out) {
    for (JsonNode idNode : ids) {
      String fullId = idNode.asText();
      String[] pr = rel.get(fullId);
      if (pr == null) {
        continue; // a bare platform or component without relationship names no package
      }
      String cpe = platformCpe.get(pr[0]);
      Component c = components.get(pr[1]);
      if (cpe == null || c == null) {
        continue;
      }
      boolean source = "src".equals(c.arch());
      boolean fixed = "fixed".equals(csafStatus);
      // Fixed entries name every built RPM; the source RPM carries the fix for all of them.
      if (fixed ? !source || c.version() == null : c.arch() != null && !source) {
        continue;
      }
      String ecosystem = "Red Hat:" + cpe.replaceFirst("^cpe:/[aoh]:redhat:", "");
      String fixedVersion =
          fixed
              ? (c.epoch() != null && !c.epoch().equals("0") ? c.epoch() + ":" : "") + c.version()
              : null;
      boolean notAffected = "known_not_affected".equals(csafStatus);
      String key =
          ecosystem + "|" + c.name() + "|" + c.module() + "|" + fixedVersion + "|" + csafStatus;
      if (out.containsKey(key)) {
        continue;
      }
      ObjectNode db = FeedJson.object();
      db.put(
          "status",
          fixed ? Records.FIXED : notAffected ? Records.NOT_AFFECTED : Records.NO_FIX_YET);
      db.put("csaf_status", csafStatus);
      db.put("product_id", pr[0]);
      if (c.module() != null) {
        db.put("module", c.module());
      }
      String sev = impact.get(fullId);
      if (sev != null) {
        db.put("severity", sev);
      }
      String purl = "pkg:rpm/redhat/" + c.name() + "?arch=src";
      out.put(key, Records.affected(ecosystem, c.name(), purl, fixedVersion, notAffected, db));
    }
  }

  private static void walk(
      JsonNode branches, Map<String, String> platformCpe, Map<String, Component> components) {
    for (JsonNode b : branches) {
      JsonNode p = b.path("product");
      String id = p.path("product_id").asText("");
      JsonNode helper = p.path("product_identification_helper");
      if (!id.isEmpty() && helper.hasNonNull("cpe")) {
        platformCpe.put(id, helper.path("cpe").asText());
      } else if (!id.isEmpty() && helper.hasNonNull("purl")) {
        try {
          PackageURL purl = new PackageURL(helper.path("purl").asText());
          Map<String, String> q = purl.getQualifiers() == null ? Map.of() : purl.getQualifiers();
          String module = q.get("rpmmod");
          if (module != null) {
            // "nodejs:18:8090020231019152822:a75119d5" → stream "nodejs:18"
            String[] parts = module.split(":");
            module = parts.length >= 2 ? parts[0] + ":" + parts[1] : module;
          }
          components.put(
              id,
              new Component(
                  purl.getName(), purl.getVersion(), q.get("epoch"), q.get("arch"), module));
        } catch (MalformedPackageURLException e) {
          // a product we cannot identify cannot be matched; the rest of the tree still is
        }
      }
      walk(b.path("branches"), platformCpe, components);
    }
  }
}
