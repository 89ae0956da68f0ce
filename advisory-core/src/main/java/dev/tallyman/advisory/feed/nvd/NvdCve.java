package dev.tallyman.advisory.feed.nvd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.osv.OsvReference;
import dev.tallyman.advisory.osv.OsvSeverity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An NVD CVE API 2.0 {@code cve} object as an enrichment record: id = the CVE, CVSS v3.1 and v4.0
 * vectors (NVD's own "Primary" metric preferred over a CNA's "Secondary"), CWE ids, the English
 * description. No affected packages: CPE configurations are not turned into matches (CPE guessing
 * is the main source of false positives). Rejected CVEs are withdrawn.
 */
public final class NvdCve {
  private NvdCve() {}

  public static OsvRecord parse(JsonNode cve) throws IOException {
    String id = cve.path("id").asText("");
    if (!id.startsWith("CVE-")) {
      throw new IOException("NVD item without CVE id");
    }
    String modified = nvdTime(cve.path("lastModified").asText(null));
    String published = nvdTime(cve.path("published").asText(null));
    String withdrawn =
        "Rejected".equalsIgnoreCase(cve.path("vulnStatus").asText()) ? modified : null;
    String description = null;
    for (JsonNode d : cve.path("descriptions")) {
      if ("en".equals(d.path("lang").asText())) {
        description = d.path("value").asText();
        break;
      }
    }
    ObjectNode db = FeedJson.object();
    db.put("source", "nvd");
    db.put("vuln_status", cve.path("vulnStatus").asText(""));
    List<OsvSeverity> severity = new ArrayList<>();
    JsonNode v31 = best(cve.path("metrics").path("cvssMetricV31"));
    if (v31 == null) {
      v31 = best(cve.path("metrics").path("cvssMetricV30"));
    }
    if (v31 != null) {
      severity.add(new OsvSeverity("CVSS_V3", v31.path("cvssData").path("vectorString").asText()));
      db.put("cvss_v3_score", v31.path("cvssData").path("baseScore").asDouble());
      db.put("cvss_v3_source", v31.path("source").asText());
    }
    JsonNode v40 = best(cve.path("metrics").path("cvssMetricV40"));
    if (v40 != null) {
      severity.add(new OsvSeverity("CVSS_V4", v40.path("cvssData").path("vectorString").asText()));
      db.put("cvss_v4_score", v40.path("cvssData").path("baseScore").asDouble());
      db.put("cvss_v4_source", v40.path("source").asText());
    }
    Set<String> cwes = new LinkedHashSet<>();
    for (JsonNode w : cve.path("weaknesses")) {
      for (JsonNode d : w.path("description")) {
        String v = d.path("value").asText("");
        if (v.startsWith("CWE-")) {
          cwes.add(v);
        }
      }
    }
    ArrayNode cweArray = db.putArray("cwe_ids");
    cwes.forEach(cweArray::add);
    List<OsvReference> refs = new ArrayList<>();
    for (JsonNode r : cve.path("references")) {
      if (r.hasNonNull("url") && refs.size() < 200) {
        refs.add(new OsvReference("WEB", r.path("url").asText()));
      }
    }
    return new OsvRecord(
        "1.6.0",
        id,
        modified,
        published,
        withdrawn,
        List.of(),
        List.of(),
        List.of(),
        null,
        description,
        severity,
        List.of(),
        refs,
        db);
  }

  private static JsonNode best(JsonNode metrics) {
    JsonNode first = null;
    for (JsonNode m : metrics) {
      if (!m.path("cvssData").hasNonNull("vectorString")) {
        continue;
      }
      if ("Primary".equals(m.path("type").asText())) {
        return m;
      }
      if (first == null) {
        first = m;
      }
    }
    return first;
  }

  /** NVD writes local times without a zone ("2022-12-01T11:15:10.553"); they are UTC. */
  static String nvdTime(String t) {
    if (t == null || t.isBlank()) {
      return null;
    }
    return t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$") ? t : t + "Z";
  }
}
