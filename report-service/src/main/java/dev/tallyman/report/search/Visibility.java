package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.tallyman.report.access.Grant;
import dev.tallyman.report.access.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a caller may see, as Elasticsearch filters added to every search, aggregation, count and
 * export: tenancy is enforced by the query, so no code path can return another tenant's document
 * and then forget to drop it (facet counts and totals included).
 */
public final class Visibility {
  static final String REGISTRY = "tallyman.image.registry";
  static final String REPOSITORY = "tallyman.image.repository";
  static final String STATUS = "tallyman.finding.status";

  private Visibility() {}

  /** {@code base} restricted to the caller's tenants (and to active findings when asked). */
  public static Query restrict(Query base, Principal who, boolean activeOnly) {
    BoolQuery.Builder b = new BoolQuery.Builder().filter(base);
    tenantFilter(who).ifPresent(b::filter);
    if (activeOnly) {
      b.mustNot(SearchRequests.term(STATUS, "fixed", false));
    }
    return Query.of(q -> q.bool(b.build()));
  }

  /** Empty when the caller sees everything; match_none when it has no grant at all. */
  public static java.util.Optional<Query> tenantFilter(Principal who) {
    if (who.seesEverything()) {
      return java.util.Optional.empty();
    }
    if (who.grants().isEmpty()) {
      return java.util.Optional.of(Query.of(q -> q.matchNone(m -> m)));
    }
    List<Query> any = new ArrayList<>();
    for (Grant g : who.grants()) {
      List<Query> all = new ArrayList<>();
      if (!Grant.ANY_REGISTRY.equals(g.registry())) {
        all.add(SearchRequests.term(REGISTRY, g.registry(), false));
      }
      if (!g.repositoryPrefix().isEmpty()) {
        String p = g.repositoryPrefix();
        // the repository itself or below it; "payments" must not cover "payments-legacy"
        all.add(
            Query.of(
                q ->
                    q.bool(
                        x ->
                            x.should(
                                    SearchRequests.term(REPOSITORY, p, false),
                                    Query.of(
                                        y -> y.prefix(pr -> pr.field(REPOSITORY).value(p + "/"))))
                                .minimumShouldMatch("1"))));
      }
      any.add(Query.of(q -> q.bool(x -> x.filter(all))));
    }
    return java.util.Optional.of(Query.of(q -> q.bool(x -> x.should(any).minimumShouldMatch("1"))));
  }
}
