package dev.tallyman.report.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.index.Location;
import dev.tallyman.report.index.Locations;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

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
      String description,
      Boolean kev,
      Double epss,
      @JsonProperty("epss_percentile") Double epssPercentile,
      List<String> cwes) {}

  public record PackageRef(String name, String version, String type, String purl, String path) {}

  /**
   * The image of a finding. {@code registry}, {@code repository} and {@code tags} describe the
   * first location the caller may see; {@code locations} lists every one it may see.
   */
  public record Image(
      String digest,
      String registry,
      String repository,
      List<String> tags,
      String platform,
      List<ImageLocation> locations) {
    public Image(
        String digest, String registry, String repository, List<String> tags, String platform) {
      this(
          digest,
          registry,
          repository,
          tags,
          platform,
          registry == null && repository == null
              ? List.of()
              : tags.isEmpty()
                  ? List.of(new ImageLocation(registry, repository, null))
                  : tags.stream().map(t -> new ImageLocation(registry, repository, t)).toList());
    }

    /** Built from stored locations, keeping those {@code sees} accepts. */
    public static Image of(
        String digest, String platform, List<Location> all, Predicate<Location> sees) {
      List<Location> visible = all.stream().filter(sees).toList();
      if (visible.isEmpty()) {
        return new Image(digest, null, null, List.of(), platform, List.of());
      }
      Location first = visible.get(0);
      List<String> tags =
          visible.stream()
              .filter(
                  l ->
                      l.registry().equals(first.registry())
                          && l.repository().equals(first.repository()))
              .map(Location::tag)
              .filter(t -> !t.isEmpty())
              .distinct()
              .toList();
      return new Image(
          digest,
          first.registry().isEmpty() ? null : first.registry(),
          first.repository().isEmpty() ? null : first.repository(),
          tags,
          platform,
          visible.stream()
              .map(
                  l ->
                      new ImageLocation(
                          l.registry().isEmpty() ? null : l.registry(),
                          l.repository(),
                          l.tag().isEmpty() ? null : l.tag()))
              .toList());
    }

    /** The same image with only the locations {@code who} may see. */
    public Image visibleTo(Principal who) {
      if (who.seesEverything()) {
        return this;
      }
      List<Location> all =
          locations.stream()
              .map(l -> new Location(l.registry(), l.repository(), l.tag() == null ? "" : l.tag()))
              .toList();
      return of(digest, platform, all, l -> Visibility.sees(who, l));
    }
  }

  /** One place the image lives (tag null when pushed by digest). */
  public record ImageLocation(String registry, String repository, String tag) {}

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
            string(src, "vulnerability.description"),
            bool(src, "tallyman.vulnerability.kev"),
            number(src, "tallyman.vulnerability.epss"),
            number(src, "tallyman.vulnerability.epss_percentile"),
            strings(src, "tallyman.vulnerability.cwes")),
        new PackageRef(
            string(src, "package.name"),
            string(src, "package.version"),
            string(src, "package.type"),
            string(src, "tallyman.package.purl"),
            string(src, "package.path")),
        Image.of(
            digests.isEmpty() ? null : digests.get(0),
            string(src, "tallyman.image.platform"),
            Locations.stored(src),
            l -> true),
        new Layer(string(src, "tallyman.layer.diff_id"), string(src, "tallyman.layer.created_by")),
        new Status(
            Optional.ofNullable(string(src, "tallyman.finding.status")).orElse("open"),
            string(src, "tallyman.finding.first_seen"),
            string(src, "tallyman.finding.last_seen"),
            string(src, "tallyman.finding.fixed_at")));
  }

  /** The same finding with only the image locations {@code who} may see. */
  public FindingView visibleTo(Principal who) {
    return who.seesEverything()
        ? this
        : new FindingView(id, vulnerability, pkg, image.visibleTo(who), layer, lifecycle);
  }

  private static Boolean bool(Map<String, ?> src, String path) {
    Object v = FindingDocuments.get(src, path);
    return v instanceof Boolean b ? b : null;
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
