package dev.tallyman.report.index;

import dev.tallyman.proto.v1.Package;
import dev.tallyman.report.lifecycle.Lifecycle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open vulnerabilities of each package of an image, kept on its packages-index document so that
 * where-deployed is one query (ADR 0019). Plain Java: the summary of a package is a function of the
 * digest's finding documents alone, computed again whenever a report of the digest completes, so a
 * replay writes the same values.
 *
 * <p>The summary fields belong to the findings writer, every other field of a package document to
 * the SBOM writer; both write with partial updates, so neither wipes the other's fields and the
 * result does not depend on which topic arrives first.
 */
public final class PackageVulnerabilities {
  /** Ids of the package's open findings, worst first (the order of a findings search). */
  public static final String IDS = "vulnerability.id";

  /** Severity of each of {@link #IDS}, same position. */
  public static final String SEVERITIES = "vulnerability.severity";

  /** Distinct fixed versions of those findings, in the same order. */
  public static final String FIXED = "tallyman.vulnerability.fixed_version";

  /** The fields this class owns on a package document. */
  public static final List<String> FIELDS = List.of(IDS, SEVERITIES, FIXED);

  /** Bounds one package document (a kernel package can have thousands of CVEs, not more). */
  static final int MAX_PER_PACKAGE = 10_000;

  /** What the summary needs of a finding document. */
  public static final List<String> SOURCE_FIELDS =
      List.of(
          "tallyman.finding.id",
          "container.image.hash.all",
          Lifecycle.STATUS,
          "vulnerability.id",
          "vulnerability.severity",
          "vulnerability.score.base",
          "tallyman.vulnerability.severity_rank",
          "tallyman.vulnerability.fixed_version",
          "package.type",
          "package.name",
          "package.version",
          "package.path",
          "tallyman.package.id",
          "tallyman.package.purl",
          "tallyman.image.platform");

  private PackageVulnerabilities() {}

  /** One package's open vulnerabilities (all lists empty when it has none). */
  public record Summary(List<String> ids, List<String> severities, List<String> fixedVersions) {
    public Summary {
      ids = List.copyOf(ids);
      severities = List.copyOf(severities);
      fixedVersions = List.copyOf(fixedVersions);
    }

    public static final Summary NONE = new Summary(List.of(), List.of(), List.of());

    public boolean isEmpty() {
      return ids.isEmpty();
    }

    /** The summary as a partial document; empty lists clear what a package had. */
    public Map<String, Object> fields() {
      Map<String, Object> doc = new LinkedHashMap<>();
      FindingDocuments.put(doc, IDS, ids);
      FindingDocuments.put(doc, SEVERITIES, severities);
      FindingDocuments.put(doc, FIXED, fixedVersions);
      return doc;
    }
  }

  /**
   * Every package of {@code digest} that has a finding document, by package document id, with the
   * summary of its active findings: empty for a package whose findings are all fixed or deleted.
   *
   * @param findings finding documents of the digest (at least {@link #SOURCE_FIELDS}), any status
   */
  public static Map<String, Summary> of(
      String digest, Collection<? extends Map<String, ?>> findings) {
    Map<String, List<Map<String, ?>>> active = new LinkedHashMap<>();
    for (Map<String, ?> f : findings) {
      String id = packageId(digest, f);
      List<Map<String, ?>> list = active.computeIfAbsent(id, k -> new ArrayList<>());
      if (Lifecycle.active(f)) {
        list.add(f);
      }
    }
    Map<String, Summary> out = new LinkedHashMap<>();
    active.forEach((id, list) -> out.put(id, summary(list)));
    return out;
  }

  /**
   * The writes that put {@code summaries} on the package documents: a package with open findings is
   * upserted (if its SBOM has not arrived yet, a placeholder holding only id, digest and summary is
   * created, which no read returns until the SBOM fills it); an empty summary only clears an
   * existing document, so fixed findings never create placeholders.
   */
  public static List<Write> writes(String alias, String digest, Map<String, Summary> summaries) {
    List<Write> out = new ArrayList<>(summaries.size());
    summaries.forEach(
        (id, s) -> {
          Map<String, Object> doc = s.fields();
          if (s.isEmpty()) {
            out.add(Write.patchIfExists(alias, id, doc));
          } else {
            FindingDocuments.put(doc, PackageDocuments.KEY, id);
            FindingDocuments.put(doc, "container.image.hash.all", List.of(digest));
            out.add(Write.upsert(alias, id, doc));
          }
        });
    return out;
  }

  /** The summary stored on a package document (empty when none was written yet). */
  public static Summary read(Map<String, ?> pkg) {
    return new Summary(
        Locations.strings(FindingDocuments.get(pkg, IDS)),
        Locations.strings(FindingDocuments.get(pkg, SEVERITIES)),
        Locations.strings(FindingDocuments.get(pkg, FIXED)));
  }

  /** The image digest of a finding document (empty when it has none). */
  public static String digest(Map<String, ?> finding) {
    List<String> d = Locations.strings(FindingDocuments.get(finding, "container.image.hash.all"));
    return d.isEmpty() ? "" : d.get(0);
  }

  /**
   * The packages-index document id of a finding's package: the same as the SBOM writer's, since the
   * analyzer puts the SBOM's own package (id, purl, path) and platform on each finding.
   */
  static String packageId(String digest, Map<String, ?> finding) {
    Package p =
        Package.newBuilder()
            .setId(str(finding, "tallyman.package.id"))
            .setPurl(str(finding, "tallyman.package.purl"))
            .setEcosystem(str(finding, "package.type"))
            .setName(str(finding, "package.name"))
            .setVersion(str(finding, "package.version"))
            .setPath(str(finding, "package.path"))
            .build();
    return PackageDocuments.id(digest, str(finding, "tallyman.image.platform"), p);
  }

  /** Worst first, like a findings search: severity rank, score, id, finding id. */
  private static final Comparator<Map<String, ?>> ORDER =
      Comparator.<Map<String, ?>, Double>comparing(
              f -> number(f, "tallyman.vulnerability.severity_rank"),
              Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(
              f -> number(f, "vulnerability.score.base"),
              Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(f -> str(f, "vulnerability.id"))
          .thenComparing(f -> str(f, "tallyman.finding.id"));

  private static Summary summary(List<Map<String, ?>> active) {
    if (active.isEmpty()) {
      return Summary.NONE;
    }
    List<Map<String, ?>> sorted = new ArrayList<>(active);
    sorted.sort(ORDER);
    if (sorted.size() > MAX_PER_PACKAGE) {
      sorted = sorted.subList(0, MAX_PER_PACKAGE);
    }
    List<String> ids = new ArrayList<>();
    List<String> severities = new ArrayList<>();
    List<String> fixed = new ArrayList<>();
    for (Map<String, ?> f : sorted) {
      ids.add(str(f, "vulnerability.id"));
      severities.add(str(f, "vulnerability.severity"));
      String fv = str(f, "tallyman.vulnerability.fixed_version");
      if (!fv.isEmpty() && !fixed.contains(fv)) {
        fixed.add(fv);
      }
    }
    return new Summary(ids, severities, fixed);
  }

  private static Double number(Map<String, ?> f, String path) {
    Object o = FindingDocuments.get(f, path);
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return o == null ? null : Double.valueOf(o.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String str(Map<String, ?> f, String path) {
    Object o = FindingDocuments.get(f, path);
    return o == null ? "" : o.toString();
  }
}
