package dev.tallyman.report.index;

import com.google.protobuf.Timestamp;
import dev.tallyman.proto.v1.Finding;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps a {@link FindingsReport} part to Elasticsearch documents. ECS field names where ECS has them
 * (vulnerability.*, package.*, container.image.*); everything else under {@code tallyman.*}. The
 * index template (findings-template.json) is strict, so a field added here must be added there.
 */
public final class FindingDocuments {
  static final int MAX_DESCRIPTION_CHARS = 8192;
  static final int MAX_ALIASES = 100;
  private static final int MAX_ID_CHARS = 256;
  private static final Pattern CWE = Pattern.compile("CWE-[0-9]{1,6}");
  private static final Pattern ENUMERATION = Pattern.compile("([A-Za-z]{2,16})-.+");

  private FindingDocuments() {}

  /**
   * @param fallbackTime used for {@code @timestamp} when the report carries no generated_at
   */
  public static List<FindingDocument> of(FindingsReport report, Instant fallbackTime)
      throws InvalidReportException {
    validate(report);
    Map<String, Object> common = imageFields(report, fallbackTime);
    List<FindingDocument> docs = new ArrayList<>(report.getFindingsCount());
    for (int i = 0; i < report.getFindingsCount(); i++) {
      Finding f = report.getFindings(i);
      validate(f, i);
      Package p = f.getPackage();
      String pkgRef = p.getPurl().isEmpty() ? p.getId() : p.getPurl();
      if (pkgRef.isEmpty()) {
        pkgRef = p.getName() + "@" + p.getVersion();
      }
      String id =
          DocumentIds.of(report.getImageDigest(), f.getVulnerabilityId(), pkgRef, p.getPath());
      Map<String, Object> doc = deepCopy(common);
      put(doc, "tallyman.finding.id", id);
      vulnerabilityFields(doc, f);
      packageFields(doc, p);
      docs.add(new FindingDocument(id, doc));
    }
    return docs;
  }

  private static void validate(FindingsReport r) throws InvalidReportException {
    if (!Digests.isValid(r.getImageDigest())) {
      throw new InvalidReportException(
          "image_digest is not an OCI digest: '" + clip(r.getImageDigest()) + "'");
    }
    if (!r.getIndexDigest().isEmpty() && !Digests.isValid(r.getIndexDigest())) {
      throw new InvalidReportException(
          "index_digest is not an OCI digest: '" + clip(r.getIndexDigest()) + "'");
    }
    if (r.getReportId().isBlank()) {
      throw new InvalidReportException("report_id is empty");
    }
    if (r.getPartCount() < 0
        || r.getPart() < 0
        || (r.getPartCount() > 0 && r.getPart() >= r.getPartCount())) {
      throw new InvalidReportException(
          "part " + r.getPart() + " of " + r.getPartCount() + " is out of range");
    }
  }

  private static void validate(Finding f, int index) throws InvalidReportException {
    String where = "finding " + index + ": ";
    if (f.getVulnerabilityId().isBlank() || f.getVulnerabilityId().length() > MAX_ID_CHARS) {
      throw new InvalidReportException(where + "vulnerability_id is empty or too long");
    }
    if (!f.hasPackage() || f.getPackage().getName().isBlank()) {
      throw new InvalidReportException(where + "package (with a name) is missing");
    }
    if (!Double.isFinite(f.getCvssScore()) || f.getCvssScore() < 0 || f.getCvssScore() > 10) {
      throw new InvalidReportException(
          where + "cvss_score " + f.getCvssScore() + " is not in 0..10");
    }
    for (double p : new double[] {f.getEpssScore(), f.getEpssPercentile()}) {
      if (!Double.isFinite(p) || p < 0 || p > 1) {
        throw new InvalidReportException(where + "EPSS " + p + " is not in 0..1");
      }
    }
  }

  static Map<String, Object> imageFields(FindingsReport r, Instant fallbackTime) {
    Map<String, Object> doc = new LinkedHashMap<>();
    put(
        doc,
        "@timestamp",
        r.hasGeneratedAt() ? instant(r.getGeneratedAt()).toString() : fallbackTime.toString());
    put(doc, "container.image.hash.all", List.of(r.getImageDigest()));
    Locations.put(doc, Locations.of(r.getLocation(), r.getLocationsList()));
    put(doc, "tallyman.image.platform", platform(r.getPlatform()));
    put(doc, "tallyman.image.index_digest", r.getIndexDigest());
    put(doc, "tallyman.os.id", r.getOs().getId());
    put(doc, "tallyman.os.version_id", r.getOs().getVersionId());
    put(doc, "tallyman.os.codename", r.getOs().getVersionCodename());
    put(doc, "tallyman.os.name", r.getOs().getPrettyName());
    put(doc, "tallyman.report.id", r.getReportId());
    put(doc, "tallyman.report.sbom_id", r.getSbomId());
    if (r.hasGeneratedAt()) {
      put(doc, "tallyman.report.generated_at", instant(r.getGeneratedAt()).toString());
    }
    return doc;
  }

  private static void vulnerabilityFields(Map<String, Object> doc, Finding f) {
    String id = f.getVulnerabilityId();
    put(doc, "vulnerability.id", id);
    put(doc, "vulnerability.severity", Severities.name(f.getSeverity()));
    put(doc, "tallyman.vulnerability.severity_rank", Severities.rank(f.getSeverity()));
    if (f.getCvssScore() > 0 || !f.getCvssVersion().isEmpty()) {
      put(doc, "vulnerability.score.base", f.getCvssScore());
      put(doc, "vulnerability.score.version", f.getCvssVersion());
      put(doc, "vulnerability.classification", "CVSS");
    }
    put(doc, "vulnerability.description", clip(f.getSummary(), MAX_DESCRIPTION_CHARS));
    var m = ENUMERATION.matcher(id);
    if (m.matches()) {
      put(doc, "vulnerability.enumeration", m.group(1).toUpperCase(Locale.ROOT));
    }
    List<String> aliases =
        f.getAliasesList().stream()
            .filter(a -> !a.isBlank() && a.length() <= MAX_ID_CHARS && !a.equals(id))
            .distinct()
            .limit(MAX_ALIASES)
            .toList();
    if (!aliases.isEmpty()) {
      put(doc, "tallyman.vulnerability.aliases", aliases);
    }
    put(doc, "tallyman.vulnerability.kev", f.getKev());
    if (f.getEpssScore() > 0) {
      put(doc, "tallyman.vulnerability.epss", f.getEpssScore());
    }
    if (f.getEpssPercentile() > 0) {
      put(doc, "tallyman.vulnerability.epss_percentile", f.getEpssPercentile());
    }
    List<String> cwes =
        f.getCwesList().stream()
            .map(c -> c.trim().toUpperCase(Locale.ROOT))
            .map(c -> c.matches("[0-9]{1,6}") ? "CWE-" + c : c)
            .filter(c -> CWE.matcher(c).matches())
            .distinct()
            .limit(MAX_ALIASES)
            .toList();
    if (!cwes.isEmpty()) {
      put(doc, "tallyman.vulnerability.cwes", cwes);
    }
    put(doc, "tallyman.vulnerability.fixed_version", f.getFixedVersion());
    put(doc, "tallyman.vulnerability.fixable", !f.getFixedVersion().isEmpty());
    put(doc, "tallyman.vulnerability.cvss_vector", f.getCvssVector());
    put(doc, "tallyman.vulnerability.source", f.getAdvisorySource());
    put(doc, "tallyman.vulnerability.matched_range", f.getMatchedRange());
  }

  private static void packageFields(Map<String, Object> doc, Package p) {
    put(doc, "package.name", p.getName());
    put(doc, "package.version", p.getVersion());
    put(doc, "package.type", p.getEcosystem());
    put(doc, "package.path", p.getPath());
    put(doc, "tallyman.package.purl", p.getPurl());
    put(doc, "tallyman.package.id", p.getId());
    put(doc, "tallyman.package.source_name", p.getSourceName());
    put(doc, "tallyman.package.source_version", p.getSourceVersion());
    put(doc, "tallyman.package.architecture", p.getArchitecture());
    put(doc, "tallyman.layer.diff_id", p.getLayerDiffId());
    put(doc, "tallyman.layer.digest", p.getLayerDigest());
    put(doc, "tallyman.layer.created_by", p.getLayerCreatedBy());
  }

  static String platform(Platform p) {
    if (p.getOs().isEmpty() && p.getArchitecture().isEmpty()) {
      return "";
    }
    String s = p.getOs() + "/" + p.getArchitecture();
    return p.getVariant().isEmpty() ? s : s + "/" + p.getVariant();
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** Sets a dotted path, creating objects on the way; empty strings are left out. */
  public static void put(Map<String, Object> doc, String path, Object value) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      return;
    }
    parentOf(doc, path).put(leafOf(path), value);
  }

  /** The object holding a dotted path's last field, created along the way. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parentOf(Map<String, Object> doc, String path) {
    String[] parts = path.startsWith("@") ? new String[] {path} : path.split("\\.");
    Map<String, Object> m = doc;
    for (int i = 0; i < parts.length - 1; i++) {
      m =
          (Map<String, Object>)
              m.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
    }
    return m;
  }

  /** A dotted path's last field. */
  static String leafOf(String path) {
    return path.startsWith("@") ? path : path.substring(path.lastIndexOf('.') + 1);
  }

  /** Reads a dotted path from a document source (null when absent). */
  public static Object get(Map<String, ?> doc, String path) {
    String[] parts = path.startsWith("@") ? new String[] {path} : path.split("\\.");
    Object o = doc;
    for (String part : parts) {
      if (!(o instanceof Map<?, ?> m)) {
        return null;
      }
      o = m.get(part);
    }
    return o;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> copy = new LinkedHashMap<>();
    m.forEach(
        (k, v) ->
            copy.put(k, v instanceof Map<?, ?> sub ? deepCopy((Map<String, Object>) sub) : v));
    return copy;
  }

  private static String clip(String s) {
    return clip(s, 100);
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
