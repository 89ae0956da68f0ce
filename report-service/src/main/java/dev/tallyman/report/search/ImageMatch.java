package dev.tallyman.report.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image that has findings matching a question, with the packages that matched.
 *
 * @param findings number of matching findings in this image
 * @param packagesTruncated true when more findings matched than the packages listed show
 * @param locations every location of the image the caller may see ({@code registry}, {@code
 *     repository} and {@code tags} describe the first)
 */
public record ImageMatch(
    String digest,
    String registry,
    String repository,
    List<String> tags,
    String platform,
    long findings,
    List<PackageHit> packages,
    @JsonProperty("packages_truncated") boolean packagesTruncated,
    List<FindingView.ImageLocation> locations) {

  /** A package of the image and the vulnerabilities that matched it. */
  public record PackageHit(
      String name,
      String version,
      String type,
      String purl,
      String path,
      List<String> vulnerabilities,
      List<String> severities,
      @JsonProperty("fixed_versions") List<String> fixedVersions) {}

  /**
   * Builds the match of one image from its matching finding documents (worst first).
   *
   * @param findings how many findings matched in all (may exceed {@code sources.size()})
   */
  public static ImageMatch of(
      String digest, long findings, List<Map<String, ?>> sources, FindingView.Image img) {
    Map<String, Map<String, ?>> firstByPackage = new LinkedHashMap<>();
    Map<String, List<Map<String, ?>>> byPackage = new LinkedHashMap<>();
    for (Map<String, ?> src : sources) {
      FindingView v = FindingView.fromSource(null, src);
      String key = packageKey(v.pkg()) + "\n" + v.pkg().path();
      firstByPackage.putIfAbsent(key, src);
      byPackage.computeIfAbsent(key, k -> new ArrayList<>()).add(src);
    }
    List<PackageHit> packages = new ArrayList<>();
    byPackage.forEach(
        (key, docs) -> {
          FindingView first = FindingView.fromSource(null, docs.get(0));
          List<String> vulns = new ArrayList<>();
          List<String> severities = new ArrayList<>();
          List<String> fixed = new ArrayList<>();
          for (Map<String, ?> d : docs) {
            FindingView.Vulnerability vuln = FindingView.fromSource(null, d).vulnerability();
            vulns.add(vuln.id());
            severities.add(vuln.severity());
            if (vuln.fixedVersion() != null && !fixed.contains(vuln.fixedVersion())) {
              fixed.add(vuln.fixedVersion());
            }
          }
          FindingView.PackageRef p = first.pkg();
          packages.add(
              new PackageHit(
                  p.name(), p.version(), p.type(), p.purl(), p.path(), vulns, severities, fixed));
        });
    return new ImageMatch(
        digest,
        img.registry(),
        img.repository(),
        img.tags(),
        img.platform(),
        findings,
        packages,
        findings > sources.size(),
        img.locations());
  }

  private static String packageKey(FindingView.PackageRef p) {
    return p.purl() != null ? p.purl() : p.name() + "@" + p.version();
  }
}
