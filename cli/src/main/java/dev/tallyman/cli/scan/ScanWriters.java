package dev.tallyman.cli.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.advisory.match.Vulnerability;
import dev.tallyman.advisory.severity.Severity;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.sbom.CycloneDxWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The output formats of {@code tallyman scan}: table, JSON, SARIF 2.1.0, CycloneDX 1.6. */
final class ScanWriters {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ScanWriters() {}

  static String table(ScanResult r) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "VULNERABILITY", "SEVERITY", "KEV", "EPSS", "PACKAGE", "VERSION", "FIXED", "PATH"
        });
    for (ScanResult.Finding f : r.findings()) {
      Vulnerability v = f.match().vulnerability();
      rows.add(
          new String[] {
            v.id(),
            lower(f.severity()),
            v.kev() ? "yes" : "-",
            epss(v),
            f.pkg().name(),
            f.pkg().version(),
            dash(f.match().fixedVersion()),
            f.pkg().path()
          });
    }
    int[] w = new int[rows.get(0).length];
    rows.forEach(
        row -> {
          for (int i = 0; i < row.length; i++) {
            w[i] = Math.max(w[i], row[i].length());
          }
        });
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]).append(" ".repeat(i < row.length - 1 ? w[i] - row[i].length() + 2 : 0));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    sb.append(
        String.format(
            "%d findings in %d packages (%s, %s); %d advisories loaded%n",
            r.findings().size(),
            r.sbom().packages().size(),
            r.sbom().os().isKnown() ? r.sbom().os().prettyName() : "unknown OS",
            r.sbom().platform(),
            r.advisoryCount()));
    return sb.toString();
  }

  static ObjectNode json(ScanResult r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("target", r.target());
    ObjectNode image = root.putObject("image");
    image.put("digest", r.sbom().imageDigest());
    image.put("platform", r.sbom().platform().toString());
    image.put("os", r.sbom().os().id() + " " + r.sbom().os().versionId());
    root.put("packages", r.sbom().packages().size());
    root.put("advisories", r.advisoryCount());
    ArrayNode findings = root.putArray("findings");
    for (ScanResult.Finding f : r.findings()) {
      Vulnerability v = f.match().vulnerability();
      ObjectNode o = findings.addObject();
      ObjectNode vn = o.putObject("vulnerability");
      vn.put("id", v.id());
      v.aliases().forEach(vn.putArray("aliases")::add);
      vn.put("severity", lower(v.severity()));
      vn.put("cvss_score", v.cvssScore());
      vn.put("cvss_vector", v.cvssVector());
      vn.put("summary", v.summary());
      vn.put("kev", v.kev());
      if (v.kevDateAdded() != null) {
        vn.put("kev_date_added", v.kevDateAdded().toString());
      }
      vn.put("epss_score", v.epssScore());
      vn.put("epss_percentile", v.epssPercentile());
      v.cwes().forEach(vn.putArray("cwes")::add);
      v.sources().forEach(vn.putArray("sources")::add);
      ObjectNode p = o.putObject("package");
      Package pkg = f.pkg();
      p.put("ecosystem", pkg.ecosystem());
      p.put("name", pkg.name());
      p.put("version", pkg.version());
      p.put("purl", pkg.purl());
      p.put("path", pkg.path());
      if (pkg.layer() != null) {
        p.put("layer_diff_id", pkg.layer().diffId());
        p.put("layer_created_by", pkg.layer().createdBy());
      }
      o.put("fixed_version", f.match().fixedVersion());
      o.put("matched_range", f.match().matchedRange());
      o.put("matched_ecosystem", f.match().ecosystem());
    }
    return root;
  }

  /** SARIF 2.1.0: one rule per vulnerability, one result per affected package. */
  static ObjectNode sarif(ScanResult r, String toolVersion) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "tallyman").put("version", toolVersion);
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    ArrayNode results = run.putArray("results");
    for (ScanResult.Finding f : r.findings()) {
      Vulnerability v = f.match().vulnerability();
      Integer idx = ruleIndex.get(v.id());
      if (idx == null) {
        idx = ruleIndex.size();
        ruleIndex.put(v.id(), idx);
        ObjectNode rule = rules.addObject();
        rule.put("id", v.id());
        rule.putObject("shortDescription")
            .put("text", v.summary().isEmpty() ? v.id() : v.summary());
        if (!v.references().isEmpty()) {
          rule.put("helpUri", v.references().get(0));
        }
        ObjectNode props = rule.putObject("properties");
        // GitHub code scanning reads this number to rank security results
        props.put("security-severity", String.format(Locale.ROOT, "%.1f", securityScore(v)));
        ArrayNode tags =
            props.putArray("tags").add("security").add("vulnerability").add(lower(v.severity()));
        if (v.kev()) {
          tags.add("kev"); // known exploited: worth a filter in code-scanning views
          props.put("kev", true);
        }
        if (v.epssScore() > 0) {
          props.put("epss", v.epssScore());
          props.put("epss-percentile", v.epssPercentile());
        }
        v.cwes().forEach(c -> tags.add("external/cwe/" + c.toLowerCase(Locale.ROOT)));
      }
      ObjectNode res = results.addObject();
      res.put("ruleId", v.id()).put("ruleIndex", idx).put("level", level(v.severity()));
      String fix = f.match().fixedVersion();
      res.putObject("message")
          .put(
              "text",
              f.pkg().name()
                  + " "
                  + f.pkg().version()
                  + " is affected by "
                  + v.id()
                  + (v.aliases().isEmpty() ? "" : " (" + String.join(", ", v.aliases()) + ")")
                  + (fix.isEmpty() ? "; no fix is known" : "; fixed in " + fix));
      res.putArray("locations")
          .addObject()
          .putObject("physicalLocation")
          .putObject("artifactLocation")
          .put("uri", f.pkg().path());
      res.putObject("properties").put("purl", f.pkg().purl());
    }
    return root;
  }

  /** CycloneDX 1.6: the SBOM plus vulnerabilities[] whose affects[] name components by bom-ref. */
  static ObjectNode cyclonedx(ScanResult r, String toolVersion) {
    ObjectNode bom = new CycloneDxWriter(toolVersion).toJson(r.sbom());
    Map<String, ObjectNode> byId = new LinkedHashMap<>();
    ArrayNode vulns = bom.putArray("vulnerabilities");
    for (ScanResult.Finding f : r.findings()) {
      Vulnerability v = f.match().vulnerability();
      ObjectNode vn =
          byId.computeIfAbsent(
              v.id(),
              id -> {
                ObjectNode n = vulns.addObject();
                n.put("bom-ref", "vulnerability:" + id);
                n.put("id", id);
                n.putObject("source").put("name", v.source());
                ArrayNode refs = n.putArray("references");
                v.aliases()
                    .forEach(
                        a ->
                            refs.addObject()
                                .put("id", a)
                                .putObject("source")
                                .put("name", a.split("-")[0]));
                ObjectNode rating = n.putArray("ratings").addObject();
                if (v.cvssScore() > 0) {
                  rating.put("score", v.cvssScore());
                  rating.put("method", cvssMethod(v.cvssVersion()));
                  if (!v.cvssVector().isEmpty()) {
                    rating.put("vector", v.cvssVector());
                  }
                }
                rating.put("severity", cyclonedxSeverity(v.severity()));
                if (!v.summary().isEmpty()) {
                  n.put("description", v.summary());
                }
                ArrayNode cwes = n.putArray("cwes");
                v.cwes().stream()
                    .filter(c -> c.matches("CWE-[0-9]{1,9}"))
                    .forEach(c -> cwes.add(Integer.parseInt(c.substring(4))));
                if (cwes.isEmpty()) {
                  n.remove("cwes");
                }
                if (v.kev() || v.epssScore() > 0) {
                  ArrayNode props = n.putArray("properties");
                  if (v.kev()) {
                    props.addObject().put("name", "tallyman:kev").put("value", "true");
                  }
                  if (v.epssScore() > 0) {
                    props
                        .addObject()
                        .put("name", "tallyman:epss")
                        .put("value", String.valueOf(v.epssScore()));
                  }
                }
                n.putArray("affects");
                return n;
              });
      ObjectNode affects = ((ArrayNode) vn.get("affects")).addObject();
      affects.put("ref", f.pkg().id());
      affects
          .putArray("versions")
          .addObject()
          .put("version", f.pkg().version())
          .put("status", "affected");
      if (!f.match().fixedVersion().isEmpty() && !vn.has("recommendation")) {
        vn.put("recommendation", "Upgrade " + f.pkg().name() + " to " + f.match().fixedVersion());
      }
    }
    return bom;
  }

  private static String epss(Vulnerability v) {
    return v.epssScore() > 0 ? String.format(Locale.ROOT, "%.1f%%", v.epssScore() * 100) : "-";
  }

  static List<String> cves(Vulnerability v) {
    return v.aliases().stream().filter(a -> a.startsWith("CVE-") && !a.equals(v.id())).toList();
  }

  private static double securityScore(Vulnerability v) {
    if (v.cvssScore() > 0) {
      return v.cvssScore();
    }
    return switch (v.severity()) {
      case CRITICAL -> 9.5;
      case HIGH -> 8.0;
      case MEDIUM -> 5.5;
      case LOW -> 2.0;
      default -> 0.0;
    };
  }

  private static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      default -> "note";
    };
  }

  private static String cyclonedxSeverity(Severity s) {
    return switch (s) {
      case NEGLIGIBLE -> "info";
      case UNKNOWN -> "unknown";
      default -> lower(s);
    };
  }

  private static String cvssMethod(String version) {
    if (version.startsWith("4")) {
      return "CVSSv4";
    }
    if (version.equals("3.1")) {
      return "CVSSv31";
    }
    return version.startsWith("3") ? "CVSSv3" : version.startsWith("2") ? "CVSSv2" : "other";
  }

  static String lower(Severity s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  private static String dash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
