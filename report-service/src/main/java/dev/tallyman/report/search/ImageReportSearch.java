package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.index.Digests;
import dev.tallyman.report.index.IndexLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The report of one image and the complete finding list that exports render. */
public final class ImageReportSearch {
  /** Exports read at most this many findings (Elasticsearch's default result window). */
  public static final int MAX_EXPORT_FINDINGS = FindingsQuery.MAX_WINDOW;

  static final String SEVERITIES = "severities";
  static final String FACTS = "facts";

  private final ElasticsearchClient client;
  private final IndexLayout layout;

  public ImageReportSearch(ElasticsearchClient client, IndexLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  /** Empty when no finding of the digest is indexed. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Optional<ImageReport> report(String digest, Integer page, Integer size, Principal who) {
    FindingsQuery q =
        FindingsQuery.of(null, null, null, validDigest(digest), null, null, page, size);
    SearchResponse<Map> r =
        Elastic.call(() -> client.search(build(q, layout.alias(), who), Map.class));
    long total = r.hits().total() == null ? 0 : r.hits().total().value();
    List<Hit<JsonData>> facts = r.aggregations().get(FACTS).topHits().hits().hits();
    if (total == 0 || facts.isEmpty() || facts.get(0).source() == null) {
      return Optional.empty();
    }
    Map<String, Long> counts = new HashMap<>();
    r.aggregations()
        .get(SEVERITIES)
        .sterms()
        .buckets()
        .array()
        .forEach(b -> counts.put(b.key().stringValue(), b.docCount()));
    List<FindingView> items =
        r.hits().hits().stream()
            .filter(h -> h.source() != null)
            .map((Hit<Map> h) -> FindingView.fromSource(h.id(), (Map<String, ?>) h.source()))
            .map(v -> v.visibleTo(who))
            .toList();
    return Optional.of(
        new ImageReport(
            ImageReport.facts(q.digest(), facts.get(0).source().to(Map.class), who),
            ImageReport.severityCounts(counts),
            new FindingsPage(total, q.page(), q.size(), items)));
  }

  /** The findings of the digest, worst first, at most {@link #MAX_EXPORT_FINDINGS}. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public ImageFindings allFindings(String digest, Principal who) {
    return allFindings(digest, false, who);
  }

  /**
   * @param includeFixed also the findings a later report no longer listed (for VEX: resolved)
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public ImageFindings allFindings(String digest, boolean includeFixed, Principal who) {
    String d = validDigest(digest);
    FindingsQuery q =
        new FindingsQuery(
            null,
            null,
            null,
            d,
            null,
            List.of(),
            0,
            MAX_EXPORT_FINDINGS,
            null,
            includeFixed,
            null,
            null);
    SearchResponse<Map> r =
        Elastic.call(() -> client.search(SearchRequests.build(q, layout.alias(), who), Map.class));
    long total = r.hits().total() == null ? 0 : r.hits().total().value();
    List<FindingView> items =
        r.hits().hits().stream()
            .filter(h -> h.source() != null)
            .map((Hit<Map> h) -> FindingView.fromSource(h.id(), (Map<String, ?>) h.source()))
            .map(v -> v.visibleTo(who))
            .toList();
    return new ImageFindings(d, total, items);
  }

  static co.elastic.clients.elasticsearch.core.SearchRequest build(
      FindingsQuery q, String alias, Principal who) {
    return SearchRequests.build(
        q,
        alias,
        Map.of(
            SEVERITIES,
            Aggregation.of(a -> a.terms(t -> t.field("vulnerability.severity").size(10))),
            FACTS,
            // newest report's view of the image (tags, names) wins
            Aggregation.of(
                a ->
                    a.topHits(
                        t ->
                            t.size(1)
                                .sort(
                                    s ->
                                        s.field(
                                            f ->
                                                f.field("@timestamp")
                                                    .order(
                                                        co.elastic.clients.elasticsearch._types
                                                            .SortOrder.Desc)))
                                .source(
                                    s ->
                                        s.filter(
                                            f ->
                                                f.includes(
                                                    List.of(
                                                        "container.image.*",
                                                        "tallyman.image.*",
                                                        "tallyman.os.*",
                                                        "tallyman.report.*"))))))),
        who);
  }

  private static String validDigest(String digest) {
    if (!Digests.isValid(digest)) {
      throw new InvalidQueryException(
          "digest must be an OCI digest like sha256:<64 lower-case hex digits>");
    }
    return digest;
  }
}
