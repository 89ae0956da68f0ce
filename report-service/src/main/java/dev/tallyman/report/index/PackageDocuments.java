package dev.tallyman.report.index;

import com.google.protobuf.Timestamp;
import dev.tallyman.proto.v1.Layer;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Sbom;
import dev.tallyman.report.lifecycle.ReportVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps an {@link Sbom} part to documents of the packages index (one per image digest, platform and
 * package) and the last part to the SBOM header document. Field names follow the findings index
 * (ECS {@code package.*}, {@code container.image.*}); the templates are strict.
 */
public final class PackageDocuments {
  public static final String KEY = "tallyman.package.key";
  public static final String VERSION = "tallyman.sbom.version";
  public static final String DELETED = "tallyman.image.deleted";
  static final int MAX_PACKAGES_PER_PART = 100_000;

  /**
   * Every field the SBOM writer owns on a package document. It writes them all on each SBOM (null
   * where the package has no value), as a partial update: that replaces what an older SBOM wrote
   * and leaves the findings writer's {@link PackageVulnerabilities#FIELDS} alone.
   */
  public static final List<String> FIELDS =
      List.of(
          "@timestamp",
          "container.image.hash.all",
          Locations.FIELD,
          Locations.REGISTRY,
          Locations.REPOSITORY,
          Locations.NAME,
          Locations.TAG,
          "tallyman.image.platform",
          "tallyman.image.index_digest",
          "tallyman.sbom.id",
          "tallyman.sbom.analyzed_at",
          VERSION,
          DELETED,
          KEY,
          "package.name",
          "package.version",
          "package.type",
          "package.path",
          "package.architecture",
          "tallyman.package.id",
          "tallyman.package.purl",
          "tallyman.package.purl_name",
          "tallyman.package.purl_plain",
          "tallyman.package.source_name",
          "tallyman.package.source_version",
          "tallyman.package.modularity_label",
          "tallyman.layer.diff_id",
          "tallyman.layer.digest",
          "tallyman.layer.created_by");

  static final int MAX_NOTES = 200;

  private PackageDocuments() {}

  /** The order of SBOMs of one digest: analysis time, then id (the same on every replay). */
  public static ReportVersion version(Sbom s, Instant fallback) {
    Instant at =
        s.hasAnalyzedAt()
            ? instant(s.getAnalyzedAt())
            : fallback == null ? Instant.EPOCH : fallback;
    return new ReportVersion(at, s.getSbomId());
  }

  public static String versionKey(ReportVersion v) {
    return v.generatedAt() + "/" + v.reportId();
  }

  public static void validate(Sbom s) throws InvalidReportException {
    if (!Digests.isValid(s.getImageDigest())) {
      throw new InvalidReportException("image_digest is not an OCI digest");
    }
    if (!s.getIndexDigest().isEmpty() && !Digests.isValid(s.getIndexDigest())) {
      throw new InvalidReportException("index_digest is not an OCI digest");
    }
    if (s.getSbomId().isBlank() || s.getSbomId().length() > 1024) {
      throw new InvalidReportException("sbom_id is empty or too long");
    }
    if (s.getPartCount() < 0
        || s.getPart() < 0
        || (s.getPartCount() > 0 && s.getPart() >= s.getPartCount())) {
      throw new InvalidReportException(
          "part " + s.getPart() + " of " + s.getPartCount() + " is out of range");
    }
    if (s.getPackagesCount() > MAX_PACKAGES_PER_PART) {
      throw new InvalidReportException(
          "more than " + MAX_PACKAGES_PER_PART + " packages in a part");
    }
    for (int i = 0; i < s.getPackagesCount(); i++) {
      if (s.getPackages(i).getName().isBlank()) {
        throw new InvalidReportException("package " + i + " has no name");
      }
    }
  }

  public static boolean lastPart(Sbom s) {
    return s.getPartCount() <= 1 || s.getPart() == s.getPartCount() - 1;
  }

  /** The document id of a package of an image. */
  public static String id(String digest, String platform, Package p) {
    String ref = !p.getId().isEmpty() ? p.getId() : p.getPurl();
    if (ref.isEmpty()) {
      ref = p.getEcosystem() + "|" + p.getName() + "@" + p.getVersion();
    }
    return DocumentIds.of(digest, "package|" + platform, ref, p.getPath());
  }

  /**
   * The SBOM writer's part of each package document: every field of {@link #FIELDS}, null where the
   * package has none, to be written as a partial update (upsert).
   *
   * @param locations every location of the image (already merged with what the index knows)
   */
  public static List<FindingDocument> of(
      Sbom s, ReportVersion v, List<Location> locations, boolean deleted) {
    Map<String, Object> common = imageFields(s, v, locations);
    FindingDocuments.put(common, DELETED, deleted);
    String platform = FindingDocuments.platform(s.getPlatform());
    List<FindingDocument> out = new ArrayList<>(s.getPackagesCount());
    for (Package p : s.getPackagesList()) {
      String id = id(s.getImageDigest(), platform, p);
      Map<String, Object> doc = FindingDocuments.deepCopy(common);
      FindingDocuments.put(doc, KEY, id);
      FindingDocuments.put(doc, "package.name", p.getName());
      FindingDocuments.put(doc, "package.version", p.getVersion());
      FindingDocuments.put(doc, "package.type", p.getEcosystem());
      FindingDocuments.put(doc, "package.path", p.getPath());
      FindingDocuments.put(doc, "package.architecture", p.getArchitecture());
      FindingDocuments.put(doc, "tallyman.package.id", p.getId());
      FindingDocuments.put(doc, "tallyman.package.purl", p.getPurl());
      Purls.parse(p.getPurl())
          .ifPresent(
              u -> {
                FindingDocuments.put(doc, "tallyman.package.purl_name", u.name());
                FindingDocuments.put(doc, "tallyman.package.purl_plain", u.plain());
              });
      FindingDocuments.put(doc, "tallyman.package.source_name", p.getSourceName());
      FindingDocuments.put(doc, "tallyman.package.source_version", p.getSourceVersion());
      FindingDocuments.put(doc, "tallyman.package.modularity_label", p.getModularityLabel());
      FindingDocuments.put(doc, "tallyman.layer.diff_id", p.getLayerDiffId());
      FindingDocuments.put(doc, "tallyman.layer.digest", p.getLayerDigest());
      FindingDocuments.put(doc, "tallyman.layer.created_by", p.getLayerCreatedBy());
      FIELDS.forEach(f -> nullIfAbsent(doc, f));
      out.add(new FindingDocument(id, doc));
    }
    return out;
  }

  /** The header of a complete SBOM: what the export needs beside the packages. */
  public static Map<String, Object> header(Sbom s, ReportVersion v, List<Location> locations) {
    Map<String, Object> doc = imageFields(s, v, locations);
    FindingDocuments.put(doc, "tallyman.os.id", s.getOs().getId());
    FindingDocuments.put(doc, "tallyman.os.version_id", s.getOs().getVersionId());
    FindingDocuments.put(doc, "tallyman.os.codename", s.getOs().getVersionCodename());
    FindingDocuments.put(doc, "tallyman.os.name", s.getOs().getPrettyName());
    FindingDocuments.put(doc, "tallyman.os.id_like", s.getOs().getIdLike());
    List<Map<String, Object>> layers = new ArrayList<>();
    for (Layer l : s.getLayersList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("digest", l.getDigest());
      m.put("diff_id", l.getDiffId());
      m.put("media_type", l.getMediaType());
      m.put("size", l.getSize());
      m.put("created_by", l.getCreatedBy());
      layers.add(m);
    }
    FindingDocuments.put(doc, "tallyman.layers", layers);
    FindingDocuments.put(doc, "tallyman.sbom.analyzer_version", s.getAnalyzerVersion());
    FindingDocuments.put(doc, "tallyman.sbom.part_count", Math.max(1, s.getPartCount()));
    FindingDocuments.put(doc, "tallyman.sbom.package_count", s.getPackageCount());
    FindingDocuments.put(doc, "tallyman.sbom.config_digest", s.getConfigDigest());
    List<String> notes = s.getNotesList().stream().limit(MAX_NOTES).toList();
    if (!notes.isEmpty()) {
      FindingDocuments.put(doc, "tallyman.sbom.notes", notes);
    }
    return doc;
  }

  private static Map<String, Object> imageFields(Sbom s, ReportVersion v, List<Location> locs) {
    Map<String, Object> doc = new LinkedHashMap<>();
    FindingDocuments.put(doc, "@timestamp", v.generatedAt().toString());
    FindingDocuments.put(doc, "container.image.hash.all", List.of(s.getImageDigest()));
    Locations.put(doc, locs);
    FindingDocuments.put(
        doc, "tallyman.image.platform", FindingDocuments.platform(s.getPlatform()));
    FindingDocuments.put(doc, "tallyman.image.index_digest", s.getIndexDigest());
    FindingDocuments.put(doc, "tallyman.sbom.id", s.getSbomId());
    FindingDocuments.put(doc, "tallyman.sbom.analyzed_at", v.generatedAt().toString());
    FindingDocuments.put(doc, VERSION, versionKey(v));
    return doc;
  }

  /** Sets {@code path} to an explicit null unless it has a value (a partial update clears it). */
  static void nullIfAbsent(Map<String, Object> doc, String path) {
    FindingDocuments.parentOf(doc, path).putIfAbsent(FindingDocuments.leafOf(path), null);
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
