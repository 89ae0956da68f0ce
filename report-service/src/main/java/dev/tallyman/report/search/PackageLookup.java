package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;

/**
 * "Where is this package deployed": an exact package URL, or a package name with an optional exact
 * version. Answered from the findings index, so only packages with findings are seen.
 */
public record PackageLookup(String purl, String name, String version) {
  /** What the answer covers: the findings index only holds packages that have a vulnerability. */
  public static final String SCOPE = "vulnerable-packages";

  public static PackageLookup of(String purl, String name, String version) {
    String p = FindingsQuery.text("purl", purl);
    String n = FindingsQuery.text("name", name);
    String v = FindingsQuery.text("version", version);
    if (p != null && (n != null || v != null)) {
      throw new InvalidQueryException("give either purl or name (with optional version), not both");
    }
    if (p == null && n == null) {
      throw new InvalidQueryException(
          v == null ? "purl or name is required" : "version needs name");
    }
    if (p != null && !p.startsWith("pkg:")) {
      throw new InvalidQueryException("purl must be a package URL starting with 'pkg:'");
    }
    return new PackageLookup(p, n, v);
  }

  public Query filter() {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    if (purl != null) {
      bool.filter(SearchRequests.term("tallyman.package.purl", purl, false));
    }
    if (name != null) {
      bool.filter(SearchRequests.term("package.name", name, false));
    }
    if (version != null) {
      bool.filter(SearchRequests.term("package.version", version, false));
    }
    return Query.of(q -> q.bool(bool.build()));
  }
}
