package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.util.NamedValue;
import dev.tallyman.report.access.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One size-0 search with a terms aggregation per requested dimension. */
public final class FacetRequests {
  private FacetRequests() {}

  public static SearchRequest build(FacetsQuery q, String alias, Principal who) {
    Map<String, Aggregation> aggs = new LinkedHashMap<>();
    for (FacetDimension d : q.dimensions()) {
      // a digest in two tenants' repositories: count it, but name only the caller's repositories
      String include =
          d == FacetDimension.REPOSITORY ? Visibility.namePattern(who).orElse(null) : null;
      aggs.put(
          d.key(),
          Aggregation.of(
              a ->
                  a.terms(
                      t -> {
                        t.field(d.field())
                            .size(q.size())
                            // most findings first; ties by value so the answer is stable
                            .order(
                                List.of(
                                    NamedValue.of("_count", SortOrder.Desc),
                                    NamedValue.of("_key", SortOrder.Asc)));
                        if (include != null) {
                          t.include(i -> i.regexp(include));
                        }
                        return t;
                      })));
    }
    return SearchRequest.of(
        s ->
            s.index(alias)
                .query(SearchRequests.filter(q.filters(), who))
                .size(0)
                .trackTotalHits(t -> t.enabled(true))
                .aggregations(aggs));
  }
}
