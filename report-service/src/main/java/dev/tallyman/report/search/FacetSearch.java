package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.LongTermsAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsAggregate;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.index.IndexLayout;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts findings by severity, repository, vulnerability or package. */
public final class FacetSearch {
  private final ElasticsearchClient client;
  private final IndexLayout layout;

  public FacetSearch(ElasticsearchClient client, IndexLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  public Facets facets(FacetsQuery q, Principal who) {
    SearchResponse<Void> r =
        Elastic.call(() -> client.search(FacetRequests.build(q, layout.alias(), who), Void.class));
    Map<String, Facets.Facet> out = new LinkedHashMap<>();
    for (FacetDimension d : q.dimensions()) {
      Aggregate agg = r.aggregations().get(d.key());
      if (agg.isLterms()) {
        // a boolean field (kev): keys come back as 0/1 with "false"/"true" as strings
        LongTermsAggregate terms = agg.lterms();
        out.put(
            d.key(),
            new Facets.Facet(
                terms.buckets().array().stream()
                    .map(
                        b ->
                            new Facets.Bucket(
                                b.keyAsString() != null ? b.keyAsString() : "" + b.key(),
                                b.docCount()))
                    .toList(),
                terms.sumOtherDocCount() == null ? 0 : terms.sumOtherDocCount()));
        continue;
      }
      if (!agg.isSterms()) {
        out.put(d.key(), new Facets.Facet(java.util.List.of(), 0)); // unmapped: no values yet
        continue;
      }
      StringTermsAggregate terms = agg.sterms();
      out.put(
          d.key(),
          new Facets.Facet(
              terms.buckets().array().stream()
                  .map(b -> new Facets.Bucket(b.key().stringValue(), b.docCount()))
                  .toList(),
              terms.sumOtherDocCount() == null ? 0 : terms.sumOtherDocCount()));
    }
    long total = r.hits().total() == null ? 0 : r.hits().total().value();
    return new Facets(total, out);
  }
}
