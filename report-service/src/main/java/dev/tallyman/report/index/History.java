package dev.tallyman.report.index;

import dev.tallyman.report.lifecycle.Transition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entries of the history index: one per status transition of a finding, id = sha256(finding id |
 * status | time). A replay writes the same ids with the same content, so it adds nothing.
 */
public final class History {
  /** Finding fields copied into an entry (enough to answer "affected at T" without a join). */
  public static final List<String> SOURCE_FIELDS =
      List.of(
          "vulnerability.id",
          "vulnerability.severity",
          "package.name",
          "package.version",
          "package.type",
          "package.path",
          "container.image.hash.all",
          "container.image.name",
          "tallyman.finding.id",
          "tallyman.package.purl",
          "tallyman.vulnerability.aliases",
          "tallyman.image.registry",
          "tallyman.image.repository",
          "tallyman.image.locations",
          "tallyman.image.platform");

  private History() {}

  public static String id(Transition t) {
    return DocumentIds.of(t.findingId(), t.status().value(), t.at().toString(), "");
  }

  /**
   * @param finding the finding document (or the subset of {@link #SOURCE_FIELDS})
   */
  public static Map<String, Object> entry(Transition t, Map<String, ?> finding) {
    Map<String, Object> doc = new LinkedHashMap<>();
    FindingDocuments.put(doc, "@timestamp", t.at().toString());
    for (String f : SOURCE_FIELDS) {
      FindingDocuments.put(doc, f, FindingDocuments.get(finding, f));
    }
    FindingDocuments.put(doc, "tallyman.finding.id", t.findingId());
    FindingDocuments.put(doc, "tallyman.finding.status", t.status().value());
    FindingDocuments.put(doc, "tallyman.report.id", t.reportId());
    return doc;
  }
}
