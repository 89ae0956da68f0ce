package dev.tallyman.report.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tallyman.report.search.FindingView;
import dev.tallyman.report.search.ImageFindings;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the findings of one image as SARIF 2.1.0: one rule per vulnerability, one result per
 * finding. Levels and the {@code security-severity} property follow the convention code-scanning
 * tools read (>= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low).
 */
public final class SarifWriter {
  public static final String MEDIA_TYPE = "application/sarif+json";
  static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  private static final JsonFactory JSON = new JsonFactory();

  private SarifWriter() {}

  public static String render(ImageFindings image) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(image, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** SARIF result level for a stored severity name. */
  public static String level(String severity) {
    return switch (severity == null ? "" : severity) {
      case "critical", "high" -> "error";
      case "medium" -> "warning";
      default -> "note";
    };
  }

  /** The CVSS score when there is one, else the middle of the severity's band. */
  public static double securitySeverity(String severity, Double score) {
    if (score != null && score > 0) {
      return Math.min(10.0, score);
    }
    return switch (severity == null ? "" : severity) {
      case "critical" -> 9.5;
      case "high" -> 8.0;
      case "medium" -> 5.5;
      case "low" -> 2.0;
      case "negligible" -> 0.1;
      default -> 0.0;
    };
  }

  private static void write(ImageFindings image, JsonGenerator g) throws IOException {
    // rules first: one per vulnerability, with the worst score any of its findings carries
    Map<String, Rule> rules = new LinkedHashMap<>();
    for (FindingView f : image.findings()) {
      rules.computeIfAbsent(f.vulnerability().id(), k -> new Rule(f)).add(f);
    }
    List<String> ruleIds = List.copyOf(rules.keySet());

    g.writeStartObject();
    g.writeStringField("$schema", SCHEMA);
    g.writeStringField("version", "2.1.0");
    g.writeArrayFieldStart("runs");
    g.writeStartObject();
    g.writeObjectFieldStart("tool");
    g.writeObjectFieldStart("driver");
    g.writeStringField("name", "tallyman");
    g.writeArrayFieldStart("rules");
    for (Rule r : rules.values()) {
      writeRule(r, g);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
    g.writeArrayFieldStart("results");
    for (FindingView f : image.findings()) {
      writeResult(f, ruleIds.indexOf(f.vulnerability().id()), g);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("properties");
    g.writeStringField("imageDigest", image.digest());
    g.writeNumberField("totalFindings", image.total());
    g.writeBooleanField("truncated", image.truncated());
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  /** A vulnerability as a rule: the worst of its findings decides level and score. */
  private static final class Rule {
    final FindingView.Vulnerability first;
    FindingView.Vulnerability worst;
    double securitySeverity = -1;
    final Set<String> aliases = new LinkedHashSet<>();

    Rule(FindingView f) {
      this.first = f.vulnerability();
      this.worst = f.vulnerability();
    }

    void add(FindingView f) {
      double s = severityOf(f);
      if (s > securitySeverity) {
        securitySeverity = s;
        worst = f.vulnerability();
      }
      aliases.addAll(f.vulnerability().aliases());
    }
  }

  private static void writeRule(Rule r, JsonGenerator g) throws IOException {
    FindingView.Vulnerability v = r.first;
    g.writeStartObject();
    g.writeStringField("id", v.id());
    g.writeObjectFieldStart("shortDescription");
    g.writeStringField("text", shortText(v));
    g.writeEndObject();
    if (v.description() != null && !v.description().isBlank()) {
      g.writeObjectFieldStart("fullDescription");
      g.writeStringField("text", v.description());
      g.writeEndObject();
    }
    g.writeObjectFieldStart("defaultConfiguration");
    g.writeStringField("level", level(r.worst.severity()));
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("security-severity", format(r.securitySeverity));
    g.writeArrayFieldStart("tags");
    g.writeString("security");
    g.writeString("vulnerability");
    if (r.worst.severity() != null) {
      g.writeString(r.worst.severity());
    }
    // the code-scanning convention for weaknesses: external/cwe/cwe-<n>
    for (String cwe : v.cwes() == null ? List.<String>of() : v.cwes()) {
      g.writeString("external/cwe/" + cwe.toLowerCase(java.util.Locale.ROOT));
    }
    g.writeEndArray();
    g.writeArrayFieldStart("aliases");
    for (String a : r.aliases) {
      g.writeString(a);
    }
    g.writeEndArray();
    if (Boolean.TRUE.equals(v.kev())) {
      g.writeBooleanField("kev", true);
    }
    if (v.epss() != null) {
      g.writeNumberField("epss", v.epss());
    }
    if (v.epssPercentile() != null) {
      g.writeNumberField("epss-percentile", v.epssPercentile());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeResult(FindingView f, int ruleIndex, JsonGenerator g)
      throws IOException {
    FindingView.Vulnerability v = f.vulnerability();
    FindingView.PackageRef p = f.pkg();
    g.writeStartObject();
    g.writeStringField("ruleId", v.id());
    g.writeNumberField("ruleIndex", ruleIndex);
    g.writeStringField("level", level(v.severity()));
    g.writeObjectFieldStart("message");
    g.writeStringField("text", message(f));
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    if (p.path() != null && !p.path().isBlank()) {
      g.writeObjectFieldStart("physicalLocation");
      g.writeObjectFieldStart("artifactLocation");
      g.writeStringField("uri", uri(p.path()));
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeArrayFieldStart("logicalLocations");
    g.writeStartObject();
    g.writeStringField("name", p.name());
    g.writeStringField("fullyQualifiedName", p.purl() != null ? p.purl() : p.name());
    g.writeStringField("kind", "package");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField("tallymanFindingId/v1", f.id());
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("security-severity", format(severityOf(f)));
    writeNullable(g, "severity", v.severity());
    writeNullable(g, "packageName", p.name());
    writeNullable(g, "packageVersion", p.version());
    writeNullable(g, "purl", p.purl());
    writeNullable(g, "fixedVersion", v.fixedVersion());
    writeNullable(g, "layerDiffId", f.layer() == null ? null : f.layer().diffId());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static String message(FindingView f) {
    FindingView.PackageRef p = f.pkg();
    FindingView.Vulnerability v = f.vulnerability();
    StringBuilder s = new StringBuilder();
    s.append(p.name()).append(' ').append(p.version()).append(" is affected by ").append(v.id());
    s.append(" (").append(v.severity()).append(')');
    if (v.fixedVersion() != null && !v.fixedVersion().isBlank()) {
      s.append("; fixed in ").append(v.fixedVersion());
    } else {
      s.append("; no fixed version known");
    }
    return s.toString();
  }

  private static String shortText(FindingView.Vulnerability v) {
    String d = v.description();
    if (d == null || d.isBlank()) {
      return v.id();
    }
    String line = d.strip().lines().findFirst().orElse(v.id());
    return line.length() <= 200 ? line : line.substring(0, 197) + "...";
  }

  private static double severityOf(FindingView f) {
    return securitySeverity(f.vulnerability().severity(), f.vulnerability().score());
  }

  private static String format(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  /** A relative URI reference for a path inside the image (spaces and the like escaped). */
  static String uri(String path) {
    try {
      return new URI(null, null, path, null).toASCIIString();
    } catch (URISyntaxException e) {
      return path.replaceAll("[^A-Za-z0-9._~/-]", "_");
    }
  }

  private static void writeNullable(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }
}
