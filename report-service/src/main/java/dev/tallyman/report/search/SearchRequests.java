package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.index.Severities;
import dev.tallyman.report.search.ql.LocationScope;
import dev.tallyman.report.search.ql.QuerySyntaxException;
import java.util.List;
import java.util.Map;

/** Turns a {@link FindingsQuery} into an Elasticsearch search: filters only, stable sort. */
public final class SearchRequests {
  private SearchRequests() {}

  public static SearchRequest build(FindingsQuery q, String alias, Principal who) {
    return build(q, alias, Map.of(), who);
  }

  /** The findings page of {@code q} plus the named aggregations computed over all its matches. */
  public static SearchRequest build(
      FindingsQuery q, String alias, Map<String, Aggregation> aggregations, Principal who) {
    return SearchRequest.of(
        s ->
            s.index(alias)
                .query(filter(q, who))
                .from(q.from())
                .size(q.size())
                .trackTotalHits(t -> t.enabled(true))
                .aggregations(aggregations)
                .sort(order(q)));
  }

  /** The requested order, or worst first. */
  public static List<SortOptions> order(FindingsQuery q) {
    return q.sort() == null ? findingOrder() : q.sort();
  }

  /** The filters of {@code q} within what {@code who} may see. */
  public static Query filter(FindingsQuery q, Principal who) {
    return Visibility.restrict(filter(q, Visibility.scope(who)), who, !q.includeFixed());
  }

  /**
   * The filters of {@code q} (everything but paging and visibility) as one bool query; location
   * terms match only locations within {@code scope}.
   */
  static Query filter(FindingsQuery q, LocationScope scope) {
    BoolQuery.Builder bool = new BoolQuery.Builder();
    Query expression = q.expression() == null ? null : q.expression().toQuery(scope);
    if (expression != null) {
      bool.filter(expression);
    }
    if (q.vulnerability() != null) {
      // ids are conventionally upper-case (CVE-...), but people type them any way
      bool.filter(vulnerability(q.vulnerability()));
    }
    if (q.packageName() != null) {
      bool.filter(term("package.name", q.packageName(), false));
    }
    if (q.purl() != null) {
      bool.filter(term("tallyman.package.purl", q.purl(), false));
    }
    if (q.digest() != null) {
      bool.filter(term("container.image.hash.all", q.digest(), false));
    }
    if (q.repository() != null) {
      // "library/debian" or with the registry: "registry.example:5000/library/debian"
      bool.filter(
          scope.restricted()
              ? repositoryWithin(scope, q.repository())
              : anyOf(
                  term("tallyman.image.repository", q.repository(), false),
                  term("container.image.name", q.repository(), false)));
    }
    if (!q.severities().isEmpty()) {
      List<FieldValue> names =
          q.severities().stream().map(s -> FieldValue.of(Severities.name(s))).toList();
      bool.filter(f -> f.terms(t -> t.field("vulnerability.severity").terms(v -> v.value(names))));
    }
    return Query.of(b -> b.bool(bool.build()));
  }

  private static Query repositoryWithin(LocationScope scope, String repository) {
    try {
      return scope.within(LocationScope.NAME_FIELD, "([^/]+/)?" + LocationScope.escape(repository));
    } catch (QuerySyntaxException e) {
      throw new InvalidQueryException("repository: " + e.getMessage());
    }
  }

  /** Worst first; the unique finding id last so pages never overlap. */
  public static List<SortOptions> findingOrder() {
    return List.of(
        sort("tallyman.vulnerability.severity_rank", SortOrder.Desc),
        sort("vulnerability.score.base", SortOrder.Desc),
        sort("vulnerability.id", SortOrder.Asc),
        sort("tallyman.finding.id", SortOrder.Asc));
  }

  /** An id or alias match, case-insensitively (ids are upper-case by convention only). */
  public static Query vulnerability(String idOrAlias) {
    return anyOf(
        term("vulnerability.id", idOrAlias, true),
        term("tallyman.vulnerability.aliases", idOrAlias, true));
  }

  static Query term(String field, String value, boolean caseInsensitive) {
    return Query.of(
        q ->
            q.term(
                t -> t.field(field).value(value).caseInsensitive(caseInsensitive ? true : null)));
  }

  private static Query anyOf(Query a, Query b) {
    return Query.of(q -> q.bool(x -> x.should(a, b).minimumShouldMatch("1")));
  }

  private static SortOptions sort(String field, SortOrder order) {
    return SortOptions.of(s -> s.field(f -> f.field(field).order(order).missing("_last")));
  }
}
