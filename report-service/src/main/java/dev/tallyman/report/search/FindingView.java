package dev.tallyman.report.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tallyman.report.index.FindingDocuments;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One finding as the search API shows it (a projection of the stored ECS document). */
public record FindingView(
    String id,
    Vulnerability vulnerability,
    @JsonProperty("package") PackageRef pkg,
    Image image,
    Layer layer,
    Status lifecycle) {

  public record Vulnerability(
      String id,
      List<String> aliases,
      String severity,
      Double score,
      @JsonProperty("fixed_version") String fixedVersion,
      String description) {}

  public record PackageRef(String name, String version, String type, String purl, String path) {}

  public record Image(
      String digest, String registry, String repository, List<String> tags, String platform) {}

  /** Where the finding stands: open, reopened or fixed, and when. */
  public record Status(
      String status,
      @JsonProperty("first_seen") String firstSeen,
      @JsonProperty("last_seen") String lastSeen,
      @JsonProperty("fixed_at") String fixedAt) {}

  public record Layer(
      @JsonProperty("diff_id") String diffId, @JsonProperty("created_by") String createdBy) {}

  /** Reads a stored document source. */
  public static FindingView fromSource(String id, Map<String, ?> src) {
    List<String> digests = strings(src, "container.image.hash.all");
    return new FindingView(
        id,
        new Vulnerability(
            string(src, "vulnerability.id"),
            strings(src, "tallyman.vulnerability.aliases"),
            string(src, "vulnerability.severity"),
            number(src, "vulnerability.score.base"),
            string(src, "tallyman.vulnerability.fixed_version"),
            string(src, "vulnerability.description")),
        new PackageRef(
            string(src, "package.name"),
            string(src, "package.version"),
            string(src, "package.type"),
            string(src, "tallyman.package.purl"),
            string(src, "package.path")),
        new Image(
            digests.isEmpty() ? null : digests.get(0),
            string(src, "tallyman.image.registry"),
            string(src, "tallyman.image.repository"),
            strings(src, "container.image.tag"),
            string(src, "tallyman.image.platform")),
        new Layer(string(src, "tallyman.layer.diff_id"), string(src, "tallyman.layer.created_by")),
        new Status(
            Optional.ofNullable(string(src, "tallyman.finding.status")).orElse("open"),
            string(src, "tallyman.finding.first_seen"),
            string(src, "tallyman.finding.last_seen"),
            string(src, "tallyman.finding.fixed_at")));
  }

  private static String string(Map<String, ?> src, String path) {
    Object v = FindingDocuments.get(src, path);
    return v == null ? null : v.toString();
  }

  private static Double number(Map<String, ?> src, String path) {
    Object v = FindingDocuments.get(src, path);
    return v instanceof Number n ? n.doubleValue() : null;
  }

  private static List<String> strings(Map<String, ?> src, String path) {
    Object v = FindingDocuments.get(src, path);
    if (v instanceof List<?> list) {
      return list.stream().filter(x -> x != null).map(Object::toString).toList();
    }
    return v == null ? List.of() : List.of(v.toString());
  }
}
