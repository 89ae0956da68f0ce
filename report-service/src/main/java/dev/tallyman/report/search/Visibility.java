package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.tallyman.report.access.Grant;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.search.ql.LocationScope;
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
  static final String NAME = "container.image.name";
  static final String STATUS = "tallyman.finding.status";

  /** Finding statuses that are not shown unless asked for. */
  static final List<co.elastic.clients.elasticsearch._types.FieldValue> INACTIVE =
      List.of(
          co.elastic.clients.elasticsearch._types.FieldValue.of("fixed"),
          co.elastic.clients.elasticsearch._types.FieldValue.of("deleted"));

  private Visibility() {}

  /**
   * {@code base} restricted to the caller's tenants (and to active findings when asked: neither
   * fixed nor of a deleted image).
   */
  public static Query restrict(Query base, Principal who, boolean activeOnly) {
    BoolQuery.Builder b = new BoolQuery.Builder().filter(base);
    tenantFilter(who).ifPresent(b::filter);
    if (activeOnly) {
      b.mustNot(Query.of(q -> q.terms(t -> t.field(STATUS).terms(v -> v.value(INACTIVE)))));
    }
    return Query.of(q -> q.bool(b.build()));
  }

  /** Findings that are not fixed (open, reopened, or of a deleted image). */
  public static Query notFixed() {
    return Query.of(q -> q.bool(b -> b.mustNot(SearchRequests.term(STATUS, "fixed", false))));
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
      any.add(grantFilter(g));
    }
    return java.util.Optional.of(Query.of(q -> q.bool(x -> x.should(any).minimumShouldMatch("1"))));
  }

  /**
   * One grant as a filter. Documents carry every location of their digest as arrays, so a grant
   * with both a registry and a prefix is checked on {@code container.image.name}
   * (registry/repository, one value per location): a registry from one location and a repository
   * from another never combine into a match.
   */
  static Query grantFilter(Grant g) {
    String p = g.repositoryPrefix();
    boolean anyRegistry = Grant.ANY_REGISTRY.equals(g.registry());
    if (p.isEmpty()) {
      return SearchRequests.term(REGISTRY, g.registry(), false);
    }
    // the repository itself or below it; "payments" must not cover "payments-legacy"
    String field = anyRegistry ? REPOSITORY : NAME;
    String value = anyRegistry ? p : g.registry() + "/" + p;
    return Query.of(
        q ->
            q.bool(
                x ->
                    x.should(
                            SearchRequests.term(field, value, false),
                            Query.of(y -> y.prefix(pr -> pr.field(field).value(value + "/"))))
                        .minimumShouldMatch("1")));
  }

  /** Whether the caller may see one location (the same decision as the filter). */
  public static boolean sees(Principal who, dev.tallyman.report.index.Location l) {
    return who.seesEverything() || who.sees(l.registry(), l.repository());
  }

  /**
   * A Lucene regular expression matching the {@code container.image.name} values (one per location)
   * the caller may see; empty when it sees everything.
   */
  public static java.util.Optional<String> namePattern(Principal who) {
    if (who.seesEverything()) {
      return java.util.Optional.empty();
    }
    if (who.grants().isEmpty()) {
      return java.util.Optional.of("#"); // matches no value
    }
    List<String> any = new ArrayList<>();
    for (Grant g : who.grants()) {
      String p = g.repositoryPrefix();
      boolean anyRegistry = Grant.ANY_REGISTRY.equals(g.registry());
      if (p.isEmpty()) {
        any.add(escape(g.registry()) + "/.*");
      } else if (anyRegistry) {
        any.add("([^/]+/)?" + escape(p) + "(/.*)?");
      } else {
        any.add(escape(g.registry() + "/" + p) + "(/.*)?");
      }
    }
    return java.util.Optional.of(String.join("|", any));
  }

  /** What location terms of the query language may match for {@code who} (ADR 0015). */
  public static LocationScope scope(Principal who) {
    if (who.seesEverything()) {
      return LocationScope.ALL;
    }
    return new LocationScope(namePattern(who).orElseThrow(), locationPattern(who));
  }

  /** Like {@link #namePattern}, over {@code tallyman.image.locations} (registry|repository|tag). */
  static String locationPattern(Principal who) {
    if (who.grants().isEmpty()) {
      return "#"; // matches no value
    }
    List<String> any = new ArrayList<>();
    for (Grant g : who.grants()) {
      String p = g.repositoryPrefix();
      String registry = Grant.ANY_REGISTRY.equals(g.registry()) ? "[^|]*" : escape(g.registry());
      String repository = p.isEmpty() ? "[^|]*" : escape(p) + "(/[^|]*)?";
      any.add(registry + "\\|" + repository + "\\|[^|]*");
    }
    return String.join("|", any);
  }

  static String escape(String s) {
    return LocationScope.escape(s);
  }
}
