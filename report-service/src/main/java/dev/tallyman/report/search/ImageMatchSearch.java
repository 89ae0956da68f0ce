package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.index.IndexLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Blast radius and where-deployed: findings grouped by image. */
public final class ImageMatchSearch {
  static final int MAX_ID_CHARS = 256;
  private final ElasticsearchClient client;
  private final IndexLayout layout;

  public ImageMatchSearch(ElasticsearchClient client, IndexLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  /** Empty when no image has ever been affected (only checked on the first page). */
  public Optional<BlastRadius> affectedBy(String vulnerability, ImagePaging paging, Principal who) {
    String id = FindingsQuery.text("id", vulnerability);
    if (id == null || id.length() > MAX_ID_CHARS) {
      throw new InvalidQueryException(
          "vulnerability id must be 1.." + MAX_ID_CHARS + " characters");
    }
    ImageMatches page =
        images(Visibility.restrict(SearchRequests.vulnerability(id), who, true), paging);
    if (page.images().isEmpty() && paging.after() == null) {
      return Optional.empty();
    }
    return Optional.of(new BlastRadius(id, page.images(), page.next()));
  }

  public Deployments deployments(PackageLookup lookup, ImagePaging paging, Principal who) {
    ImageMatches page = images(Visibility.restrict(lookup.filter(), who, true), paging);
    return new Deployments(
        PackageLookup.SCOPE,
        lookup.purl(),
        lookup.name(),
        lookup.version(),
        page.images(),
        page.next());
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private ImageMatches images(Query filter, ImagePaging paging) {
    SearchResponse<Void> r =
        Elastic.call(
            () ->
                client.search(
                    ImageMatchRequests.build(filter, layout.alias(), paging), Void.class));
    List<CompositeBucket> buckets =
        r.aggregations().get(ImageMatchRequests.IMAGES).composite().buckets().array();
    List<ImageMatch> images = new ArrayList<>(buckets.size());
    for (CompositeBucket b : buckets) {
      FieldValue key = b.key().get(ImageMatchRequests.DIGEST);
      List<Map<String, ?>> sources = new ArrayList<>();
      for (Hit<JsonData> h :
          b.aggregations().get(ImageMatchRequests.FINDINGS).topHits().hits().hits()) {
        if (h.source() != null) {
          sources.add((Map<String, ?>) h.source().to(Map.class));
        }
      }
      images.add(ImageMatch.of(key.stringValue(), b.docCount(), sources));
    }
    // a full page may be followed by more; a short one is the last
    String next = images.size() == paging.size() ? images.get(images.size() - 1).digest() : null;
    return new ImageMatches(images, next);
  }
}
