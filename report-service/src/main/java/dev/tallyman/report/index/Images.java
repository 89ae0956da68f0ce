package dev.tallyman.report.index;

import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.report.lifecycle.ReportVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Documents of the images index: one per image (platform manifest) digest, rewritten whole when a
 * report of it is complete. Only values derived from the report and the findings index, never the
 * wall clock, so a replay writes the same document.
 */
public final class Images {
  public static final String STATUS_INDEXED = "indexed";

  private Images() {}

  public static String id(String digest) {
    return DocumentIds.of(digest, "", "", "");
  }

  /** The version of the last complete report, null when none. */
  public static ReportVersion version(Map<String, ?> image) {
    if (image == null) {
      return null;
    }
    Object at = FindingDocuments.get(image, "tallyman.scan.last_analyzed");
    Object id = FindingDocuments.get(image, "tallyman.report.id");
    return at == null || id == null
        ? null
        : new ReportVersion(Instant.parse(at.toString()), id.toString());
  }

  /**
   * @param report the last part of the report (image fields are the same in every part)
   * @param previous the stored image document, null when new
   * @param counts active findings by severity name
   * @param vulnerabilities ids and aliases of the image's active findings (blast radius reads them)
   */
  public static Map<String, Object> document(
      FindingsReport report,
      ReportVersion v,
      Map<String, ?> previous,
      Map<String, Long> counts,
      List<String> vulnerabilities) {
    Map<String, Object> doc = FindingDocuments.imageFields(report, v.generatedAt());
    FindingDocuments.put(doc, "@timestamp", v.generatedAt().toString());
    // locations accumulate like on the findings (one push per tag, several repositories)
    List<FindingDocument> merged =
        LocationMerge.merge(
            List.of(new FindingDocument("x", doc)),
            previous == null ? Map.of() : Map.of("x", castMap(previous)),
            d -> Deletions.applying(previous, v));
    doc = FindingDocuments.deepCopy(new LinkedHashMap<>(merged.get(0).source()));
    Deletions.carryOver(previous, doc);
    // upper-cased: blast radius asks with an exact term instead of a case-insensitive one
    FindingDocuments.put(
        doc,
        "tallyman.image.vulnerabilities",
        vulnerabilities.stream()
            .map(id -> id.toUpperCase(java.util.Locale.ROOT))
            .distinct()
            .sorted()
            .toList());
    FindingDocuments.put(doc, "tallyman.image.package_count", report.getPackageCount());
    long total = 0;
    for (String s : Severities.NAMES) {
      long n = counts.getOrDefault(s, 0L);
      total += n;
      FindingDocuments.put(doc, "tallyman.image.severity_counts." + s, n);
    }
    FindingDocuments.put(doc, "tallyman.image.finding_count", total);
    Object first =
        previous == null ? null : FindingDocuments.get(previous, "tallyman.scan.first_analyzed");
    FindingDocuments.put(
        doc, "tallyman.scan.first_analyzed", first == null ? v.generatedAt().toString() : first);
    FindingDocuments.put(doc, "tallyman.scan.last_analyzed", v.generatedAt().toString());
    FindingDocuments.put(doc, "tallyman.scan.status", STATUS_INDEXED);
    FindingDocuments.put(doc, "tallyman.report.id", v.reportId());
    return doc;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<String, ?> m) {
    return (Map<String, Object>) m;
  }
}
