package dev.tallyman.report.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tallyman.report.search.FindingView;
import dev.tallyman.report.search.ImageFindings;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CycloneDX 1.6 VEX for one image: the image as metadata component, each affected package as a
 * component (bom-ref = purl), one vulnerability per (id, package) with its rating and an analysis:
 * active findings are {@code in_triage} (a version match is not proof of exploitability), findings
 * a later report no longer lists are {@code resolved} (response {@code update}).
 */
public final class VexWriter {
  public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";
  private static final JsonFactory JSON = new JsonFactory();

  private VexWriter() {}

  public static String render(ImageFindings image) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(image, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(ImageFindings image, JsonGenerator g) throws IOException {
    List<FindingView> findings = image.findings();
    String imageRef = "image:" + image.digest();
    g.writeStartObject();
    g.writeStringField("bomFormat", "CycloneDX");
    g.writeStringField("specVersion", "1.6");
    // stable for the same content, so re-exports diff cleanly
    g.writeStringField(
        "serialNumber",
        "urn:uuid:"
            + UUID.nameUUIDFromBytes(
                (image.digest() + "|" + findings.stream().map(FindingView::id).toList())
                    .getBytes(StandardCharsets.UTF_8)));
    g.writeNumberField("version", 1);
    g.writeObjectFieldStart("metadata");
    g.writeArrayFieldStart("tools");
    g.writeStartObject();
    g.writeStringField("vendor", "Tallyman");
    g.writeStringField("name", "tallyman-report-service");
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("component");
    g.writeStringField("type", "container");
    g.writeStringField("bom-ref", imageRef);
    FindingView.Image img = findings.isEmpty() ? null : findings.get(0).image();
    String name =
        img == null || img.repository() == null
            ? image.digest()
            : (img.registry() == null || img.registry().isEmpty()
                ? img.repository()
                : img.registry() + "/" + img.repository());
    g.writeStringField("name", name);
    g.writeStringField("version", image.digest());
    g.writeArrayFieldStart("hashes");
    g.writeStartObject();
    g.writeStringField("alg", "SHA-256");
    g.writeStringField("content", image.digest().substring(image.digest().indexOf(':') + 1));
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();

    Map<String, FindingView.PackageRef> components = new LinkedHashMap<>();
    for (FindingView f : findings) {
      components.putIfAbsent(ref(f), f.pkg());
    }
    g.writeArrayFieldStart("components");
    for (Map.Entry<String, FindingView.PackageRef> c : components.entrySet()) {
      FindingView.PackageRef p = c.getValue();
      g.writeStartObject();
      g.writeStringField("type", "library");
      g.writeStringField("bom-ref", c.getKey());
      g.writeStringField("name", p.name() == null ? "unknown" : p.name());
      if (p.version() != null) {
        g.writeStringField("version", p.version());
      }
      if (p.purl() != null && p.purl().startsWith("pkg:")) {
        g.writeStringField("purl", p.purl());
      }
      g.writeEndObject();
    }
    g.writeEndArray();

    g.writeArrayFieldStart("vulnerabilities");
    for (FindingView f : findings) {
      FindingView.Vulnerability v = f.vulnerability();
      g.writeStartObject();
      g.writeStringField("bom-ref", "finding:" + f.id());
      g.writeStringField("id", v.id());
      g.writeObjectFieldStart("source");
      g.writeStringField(
          "name", v.id().contains("-") ? v.id().substring(0, v.id().indexOf('-')) : "OSV");
      g.writeEndObject();
      g.writeArrayFieldStart("ratings");
      g.writeStartObject();
      if (v.score() != null && v.score() > 0) {
        g.writeNumberField("score", v.score());
        g.writeStringField("method", "CVSSv31");
      } else {
        g.writeStringField("method", "other");
      }
      g.writeStringField("severity", severity(v.severity()));
      g.writeEndObject();
      g.writeEndArray();
      if (!v.aliases().isEmpty()) {
        g.writeArrayFieldStart("references");
        for (String a : v.aliases()) {
          g.writeStartObject();
          g.writeStringField("id", a);
          g.writeObjectFieldStart("source");
          g.writeStringField("name", a.contains("-") ? a.substring(0, a.indexOf('-')) : "alias");
          g.writeEndObject();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      List<Integer> cwes = cweNumbers(v.cwes());
      if (!cwes.isEmpty()) {
        g.writeArrayFieldStart("cwes");
        for (int c : cwes) {
          g.writeNumber(c);
        }
        g.writeEndArray();
      }
      if (v.description() != null && !v.description().isEmpty()) {
        g.writeStringField("description", v.description());
      }
      if (v.fixedVersion() != null && !v.fixedVersion().isEmpty()) {
        g.writeStringField(
            "recommendation", "Upgrade " + f.pkg().name() + " to " + v.fixedVersion());
      }
      boolean fixed = f.lifecycle() != null && "fixed".equals(f.lifecycle().status());
      g.writeObjectFieldStart("analysis");
      g.writeStringField("state", fixed ? "resolved" : "in_triage");
      if (fixed) {
        g.writeArrayFieldStart("response");
        g.writeString("update");
        g.writeEndArray();
        g.writeStringField(
            "detail", "not listed by the image's report of " + f.lifecycle().fixedAt());
      }
      if (f.lifecycle() != null && f.lifecycle().firstSeen() != null) {
        g.writeStringField("firstIssued", f.lifecycle().firstSeen());
      }
      if (fixed && f.lifecycle().fixedAt() != null) {
        g.writeStringField("lastUpdated", f.lifecycle().fixedAt());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("affects");
      g.writeStartObject();
      g.writeStringField("ref", ref(f));
      g.writeEndObject();
      g.writeEndArray();
      // CycloneDX has no field for KEV or EPSS: properties in the tallyman namespace
      if (Boolean.TRUE.equals(v.kev()) || v.epss() != null || v.epssPercentile() != null) {
        g.writeArrayFieldStart("properties");
        if (Boolean.TRUE.equals(v.kev())) {
          property(g, "tallyman:vulnerability:kev", "true");
        }
        if (v.epss() != null) {
          property(g, "tallyman:vulnerability:epss", Double.toString(v.epss()));
        }
        if (v.epssPercentile() != null) {
          property(g, "tallyman:vulnerability:epssPercentile", Double.toString(v.epssPercentile()));
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void property(JsonGenerator g, String name, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("value", value);
    g.writeEndObject();
  }

  /** CycloneDX lists CWEs as integers: CWE-79 is 79. */
  static List<Integer> cweNumbers(List<String> cwes) {
    if (cwes == null) {
      return List.of();
    }
    return cwes.stream()
        .map(c -> c.startsWith("CWE-") ? c.substring(4) : c)
        .filter(c -> c.matches("[0-9]{1,6}"))
        .map(Integer::parseInt)
        .distinct()
        .toList();
  }

  /** CycloneDX severities: critical, high, medium, low, info, none, unknown. */
  static String severity(String s) {
    return switch (s == null ? "" : s) {
      case "critical", "high", "medium", "low" -> s;
      case "negligible" -> "info";
      default -> "unknown";
    };
  }

  private static String ref(FindingView f) {
    FindingView.PackageRef p = f.pkg();
    if (p.purl() != null && !p.purl().isEmpty()) {
      return p.purl();
    }
    return "pkg-" + p.name() + "@" + p.version() + (p.path() == null ? "" : ":" + p.path());
  }
}
