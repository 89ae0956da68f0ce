package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import java.util.List;
import java.util.Map;

/**
 * Groups the findings matching a filter by image: a composite aggregation on the digest (keyset
 * paging with {@code after}) and, per image, the worst matching findings as top hits.
 */
public final class ImageMatchRequests {
  public static final String IMAGES = "images";
  public static final String FINDINGS = "findings";
  public static final String DIGEST = "digest";

  /** Matching findings returned per image; the count says how many there were in all. */
  public static final int HITS_PER_IMAGE = 100;

  static final List<String> SOURCE_FIELDS =
      List.of(
          "vulnerability.id",
          "vulnerability.severity",
          "package.*",
          "container.image.*",
          "tallyman.package.purl",
          "tallyman.vulnerability.fixed_version",
          "tallyman.image.*");

  private ImageMatchRequests() {}

  public static SearchRequest build(Query filter, String alias, ImagePaging paging) {
    Aggregation findings =
        Aggregation.of(
            a ->
                a.topHits(
                    t ->
                        t.size(HITS_PER_IMAGE)
                            .sort(SearchRequests.findingOrder())
                            .source(s -> s.filter(f -> f.includes(SOURCE_FIELDS)))));
    Aggregation images =
        Aggregation.of(
            a ->
                a.composite(
                        c -> {
                          c.size(paging.size())
                              .sources(
                                  List.of(
                                      Map.of(
                                          DIGEST,
                                          CompositeAggregationSource.of(
                                              s ->
                                                  s.terms(
                                                      t -> t.field("container.image.hash.all"))))));
                          if (paging.after() != null) {
                            c.after(Map.of(DIGEST, FieldValue.of(paging.after())));
                          }
                          return c;
                        })
                    .aggregations(FINDINGS, findings));
    return SearchRequest.of(s -> s.index(alias).query(filter).size(0).aggregations(IMAGES, images));
  }
}
