package dev.tallyman.cli.findings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The search parameters, as the query string of GET /v1/findings. */
public record FindingsFilter(
    String vulnerability,
    String packageName,
    String purl,
    String digest,
    String repository,
    List<String> severities,
    int page,
    int size,
    String query,
    String sort) {
  public FindingsFilter {
    severities = severities == null ? List.of() : List.copyOf(severities);
  }

  public FindingsFilter(
      String vulnerability,
      String packageName,
      String purl,
      String digest,
      String repository,
      List<String> severities,
      int page,
      int size) {
    this(vulnerability, packageName, purl, digest, repository, severities, page, size, null, null);
  }

  public String queryString() {
    List<String> parts = new ArrayList<>();
    add(parts, "vulnerability", vulnerability);
    add(parts, "package", packageName);
    add(parts, "purl", purl);
    add(parts, "digest", digest);
    add(parts, "repository", repository);
    severities.forEach(s -> add(parts, "severity", s));
    add(parts, "q", query);
    add(parts, "sort", sort);
    add(parts, "page", Integer.toString(page));
    add(parts, "size", Integer.toString(size));
    return String.join("&", parts);
  }

  private static void add(List<String> parts, String name, String value) {
    if (value != null && !value.isBlank()) {
      parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
