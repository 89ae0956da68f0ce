package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.index.Deletions;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.index.IndexLayout;
import dev.tallyman.report.index.Locations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blast radius: the images a vulnerability affects. The images index keeps the ids and aliases of
 * each image's active findings ({@code tallyman.image.vulnerabilities}), so the page of images is a
 * term query on an index with one document per image instead of an aggregation over every finding
 * (ids are kept upper-cased there, so the term is exact and cheap); the affected packages of that
 * page come from one more filtered query on the findings.
 */
public final class ImageMatchSearch {
  static final int MAX_ID_CHARS = 256;
  static final String VULNERABILITIES = "tallyman.image.vulnerabilities";
  private static final List<String> IMAGE_FIELDS =
      List.of(
          "container.image.hash.all",
          "tallyman.image.platform",
          Locations.FIELD,
          Locations.REGISTRY,
          Locations.REPOSITORY,
          Locations.TAG);

  private final ElasticsearchClient client;
  private final IndexLayout layout;

  public ImageMatchSearch(ElasticsearchClient client, IndexLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  public Optional<BlastRadius> affectedBy(String vulnerability, ImagePaging paging, Principal who) {
    return affectedBy(vulnerability, paging, who, false);
  }

  /** Empty when no image has ever been affected (only checked on the first page). */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Optional<BlastRadius> affectedBy(
      String vulnerability, ImagePaging paging, Principal who, boolean includeDeleted) {
    String id = FindingsQuery.text("id", vulnerability);
    if (id == null || id.length() > MAX_ID_CHARS) {
      throw new InvalidQueryException(
          "vulnerability id must be 1.." + MAX_ID_CHARS + " characters");
    }
    BoolQuery.Builder b =
        new BoolQuery.Builder()
            .filter(
                SearchRequests.term(VULNERABILITIES, id.toUpperCase(java.util.Locale.ROOT), false));
    Visibility.tenantFilter(who).ifPresent(b::filter);
    if (!includeDeleted) {
      b.mustNot(SearchRequests.term(Deletions.STATUS, Deletions.DELETED, false));
    }
    Query imagesQuery = Query.of(q -> q.bool(b.build()));
    SearchResponse<Map> images =
        Elastic.call(
            () ->
                client.search(
                    s -> {
                      s.index(layout.images().alias())
                          .query(imagesQuery)
                          .trackTotalHits(t -> t.enabled(false))
                          .size(paging.size())
                          .source(src -> src.filter(f -> f.includes(IMAGE_FIELDS)))
                          .sort(
                              SortOptions.of(
                                  o ->
                                      o.field(
                                          f ->
                                              f.field("container.image.hash.all")
                                                  .order(SortOrder.Asc))));
                      if (paging.after() != null) {
                        s.searchAfter(List.of(FieldValue.of(paging.after())));
                      }
                      return s;
                    },
                    Map.class));
    Map<String, Map<String, ?>> imageOf = new LinkedHashMap<>();
    for (Hit<Map> h : images.hits().hits()) {
      if (h.source() != null) {
        List<String> d =
            Locations.strings(FindingDocuments.get(h.source(), "container.image.hash.all"));
        if (!d.isEmpty()) {
          imageOf.put(d.get(0), h.source());
        }
      }
    }
    if (imageOf.isEmpty() && paging.after() == null) {
      return Optional.empty();
    }
    Map<String, List<Map<String, ?>>> findings = new HashMap<>();
    Map<String, Long> counts = new HashMap<>();
    affectedFindings(id, List.copyOf(imageOf.keySet()), who, includeDeleted, findings, counts);
    List<ImageMatch> out = new ArrayList<>();
    imageOf.forEach(
        (digest, src) -> {
          FindingView.Image img =
              FindingView.Image.of(
                  digest,
                  str(src, "tallyman.image.platform"),
                  Locations.stored(src),
                  l -> Visibility.sees(who, l));
          out.add(
              ImageMatch.of(
                  digest,
                  counts.getOrDefault(digest, 0L),
                  findings.getOrDefault(digest, List.of()),
                  img));
        });
    // a full page may be followed by more; a short one is the last
    String next = out.size() == paging.size() ? out.get(out.size() - 1).digest() : null;
    return Optional.of(new BlastRadius(id, out, next));
  }

  /** The page's findings of the vulnerability: up to HITS_PER_IMAGE per image, and counts. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private void affectedFindings(
      String id,
      List<String> digests,
      Principal who,
      boolean includeDeleted,
      Map<String, List<Map<String, ?>>> findings,
      Map<String, Long> counts) {
    if (digests.isEmpty()) {
      return;
    }
    List<FieldValue> values = digests.stream().map(FieldValue::of).toList();
    Query base =
        Query.of(
            q ->
                q.bool(
                    x -> {
                      x.filter(
                              f ->
                                  f.terms(
                                      t ->
                                          t.field("container.image.hash.all")
                                              .terms(v -> v.value(values))))
                          .filter(SearchRequests.vulnerability(id));
                      if (includeDeleted) {
                        x.filter(Visibility.notFixed());
                      }
                      return x;
                    }));
    Query filter = Visibility.restrict(base, who, !includeDeleted);
    List<SortOptions> order = new ArrayList<>();
    order.add(SortOptions.of(o -> o.field(f -> f.field("container.image.hash.all"))));
    order.addAll(SearchRequests.findingOrder());
    SearchResponse<Map> r =
        Elastic.call(
            () ->
                client.search(
                    s ->
                        s.index(layout.alias())
                            .query(filter)
                            .trackTotalHits(t -> t.enabled(false))
                            .size(
                                Math.min(
                                    FindingsQuery.MAX_WINDOW,
                                    digests.size() * ImageMatchRequests.HITS_PER_IMAGE))
                            .sort(order)
                            .source(
                                src ->
                                    src.filter(f -> f.includes(ImageMatchRequests.SOURCE_FIELDS)))
                            .aggregations(
                                "per_image",
                                a ->
                                    a.terms(
                                        t ->
                                            t.field("container.image.hash.all")
                                                .size(digests.size()))),
                    Map.class));
    for (Hit<Map> h : r.hits().hits()) {
      if (h.source() == null) {
        continue;
      }
      List<String> d =
          Locations.strings(FindingDocuments.get(h.source(), "container.image.hash.all"));
      if (d.isEmpty()) {
        continue;
      }
      List<Map<String, ?>> list = findings.computeIfAbsent(d.get(0), k -> new ArrayList<>());
      if (list.size() < ImageMatchRequests.HITS_PER_IMAGE) {
        list.add(h.source());
      }
    }
    r.aggregations()
        .get("per_image")
        .sterms()
        .buckets()
        .array()
        .forEach(b -> counts.put(b.key().stringValue(), b.docCount()));
  }

  private static String str(Map<String, ?> src, String path) {
    Object o = FindingDocuments.get(src, path);
    return o == null ? null : o.toString();
  }
}
