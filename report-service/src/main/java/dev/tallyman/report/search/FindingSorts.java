package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code sort=severity:desc,first_seen:asc}: the sortable keys and their fields. */
public final class FindingSorts {
  static final Map<String, String> KEYS =
      Map.ofEntries(
          Map.entry("severity", "tallyman.vulnerability.severity_rank"),
          Map.entry("cvss", "vulnerability.score.base"),
          Map.entry("epss", "tallyman.vulnerability.epss"),
          Map.entry("first_seen", "tallyman.finding.first_seen"),
          Map.entry("last_seen", "tallyman.finding.last_seen"),
          Map.entry("fixed_at", "tallyman.finding.fixed_at"),
          Map.entry("vulnerability", "vulnerability.id"),
          Map.entry("package", "package.name"),
          Map.entry("repository", "container.image.name"),
          Map.entry("digest", "container.image.hash.all"));

  private FindingSorts() {}

  /** Null for the default order; otherwise the given keys plus the finding id as tie-breaker. */
  public static List<SortOptions> parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return null;
    }
    if (spec.length() > 256) {
      throw new InvalidQueryException("sort is longer than 256 characters");
    }
    List<SortOptions> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String part : spec.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      String key = p;
      SortOrder order = SortOrder.Asc;
      int colon = p.indexOf(':');
      if (colon >= 0) {
        key = p.substring(0, colon);
        String dir = p.substring(colon + 1);
        order =
            switch (dir) {
              case "asc" -> SortOrder.Asc;
              case "desc" -> SortOrder.Desc;
              default ->
                  throw new InvalidQueryException(
                      "sort direction must be asc or desc, not '" + FindingsQuery.clip(dir) + "'");
            };
      }
      String field = KEYS.get(key);
      if (field == null) {
        throw new InvalidQueryException(
            "cannot sort by '"
                + FindingsQuery.clip(key)
                + "'; use "
                + String.join(", ", new java.util.TreeSet<>(KEYS.keySet())));
      }
      if (seen.add(key)) {
        SortOrder o = order;
        out.add(SortOptions.of(s -> s.field(f -> f.field(field).order(o).missing("_last"))));
      }
    }
    if (out.isEmpty()) {
      return null;
    }
    out.add(SortOptions.of(s -> s.field(f -> f.field("tallyman.finding.id").order(SortOrder.Asc))));
    return out;
  }
}
