package dev.tallyman.report.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.index.Severities;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is known about one image from its findings: facts, counts by severity (every severity, worst
 * first, zeros included) and one page of findings.
 */
public record ImageReport(Facts image, Map<String, Long> severities, FindingsPage findings) {

  public record Facts(
      String digest,
      String registry,
      String repository,
      String name,
      List<String> tags,
      String platform,
      @JsonProperty("index_digest") String indexDigest,
      Os os,
      @JsonProperty("report_id") String reportId,
      @JsonProperty("generated_at") String generatedAt,
      List<FindingView.ImageLocation> locations) {}

  public record Os(
      String id, @JsonProperty("version_id") String versionId, String codename, String name) {}

  /** Facts from any one finding document of the image (they all carry the same image fields). */
  public static Facts facts(
      String digest, Map<String, ?> src, dev.tallyman.report.access.Principal who) {
    FindingView.Image img = FindingView.fromSource(null, src).image().visibleTo(who);
    Os os =
        new Os(
            string(src, "tallyman.os.id"),
            string(src, "tallyman.os.version_id"),
            string(src, "tallyman.os.codename"),
            string(src, "tallyman.os.name"));
    return new Facts(
        digest,
        img.registry(),
        img.repository(),
        img.repository() == null
            ? null
            : img.registry() == null ? img.repository() : img.registry() + "/" + img.repository(),
        img.tags(),
        img.platform(),
        string(src, "tallyman.image.index_digest"),
        os.id() == null && os.versionId() == null && os.name() == null ? null : os,
        string(src, "tallyman.report.id"),
        string(src, "tallyman.report.generated_at"),
        img.locations());
  }

  /** All severities, worst first, with the counts found (0 when absent). */
  public static Map<String, Long> severityCounts(Map<String, Long> found) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int rank = Severity.SEVERITY_CRITICAL.getNumber(); rank >= 0; rank--) {
      String name = Severities.name(Severity.forNumber(rank));
      out.put(name, found.getOrDefault(name, 0L));
    }
    return out;
  }

  private static String string(Map<String, ?> src, String path) {
    Object v = FindingDocuments.get(src, path);
    return v == null ? null : v.toString();
  }
}
