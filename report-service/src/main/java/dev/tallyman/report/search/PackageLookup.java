package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.tallyman.report.index.Purls;

/**
 * "Where is this package deployed": a package URL (with a version: that version, with or without
 * its qualifiers; without one: every version), or a package name with an optional exact version.
 * Answered from the packages index (every package of every SBOM).
 */
public record PackageLookup(String purl, String name, String version) {
  /** What the answer covers: every package of the stored SBOMs, vulnerable or not. */
  public static final String SCOPE = "all-packages";

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
    if (p != null && (!p.startsWith("pkg:") || Purls.parse(p).isEmpty())) {
      throw new InvalidQueryException(
          "purl must be a package URL like pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    }
    return new PackageLookup(p, n, v);
  }

  /** The filter on the packages index. */
  public Query packagesFilter() {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    if (purl != null) {
      Purls u = Purls.parse(purl).orElseThrow();
      if (u.hasVersion()) {
        bool.filter(
            Query.of(
                q ->
                    q.bool(
                        b ->
                            b.should(SearchRequests.term("tallyman.package.purl", purl, false))
                                .should(
                                    SearchRequests.term(
                                        "tallyman.package.purl_plain", u.plain(), false))
                                .minimumShouldMatch("1"))));
      } else {
        bool.filter(SearchRequests.term("tallyman.package.purl_name", u.name(), false));
      }
    }
    if (name != null) {
      bool.filter(SearchRequests.term("package.name", name, false));
    }
    if (version != null) {
      bool.filter(SearchRequests.term("package.version", version, false));
    }
    return Query.of(q -> q.bool(bool.build()));
  }

  /** The filter on the findings index (exact purl). */
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
