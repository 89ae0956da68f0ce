package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.index.Digests;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.index.IndexLayout;
import dev.tallyman.report.index.Severities;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Questions about an image over time: findings at an instant, and its indexing status. */
public final class ImageStateSearch {
  /** Findings of one digest answered at an instant (well above what one image carries). */
  static final int MAX_FINDINGS = 10_000;

  private final ElasticsearchClient client;
  private final IndexLayout layout;

  public ImageStateSearch(ElasticsearchClient client, IndexLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  /**
   * Was {@code digest} affected (by {@code vulnerability}, if given) at {@code at}: the newest
   * transition of each finding at or before that instant, kept when it is neither {@code fixed} nor
   * {@code deleted} (the image was gone from every registry then).
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public AffectedAt at(String digest, String at, String vulnerability, Principal who) {
    String d = validDigest(digest);
    Instant instant = instant(at);
    String vuln = FindingsQuery.text("vulnerability", vulnerability);
    BoolQuery.Builder b =
        new BoolQuery.Builder()
            .filter(SearchRequests.term("container.image.hash.all", d, false))
            .filter(
                Query.of(
                    q ->
                        q.range(
                            r ->
                                r.untyped(
                                    u ->
                                        u.field("@timestamp")
                                            .lte(JsonData.of(instant.toString()))))));
    if (vuln != null) {
      b.filter(SearchRequests.vulnerability(vuln));
    }
    Query query = Visibility.restrict(Query.of(q -> q.bool(b.build())), who, false);
    SearchResponse<Map> r =
        Elastic.call(
            () ->
                client.search(
                    s ->
                        s.index(layout.history().alias())
                            .query(query)
                            .size(MAX_FINDINGS)
                            .collapse(c -> c.field("tallyman.finding.id"))
                            .sort(
                                List.of(
                                    co.elastic.clients.elasticsearch._types.SortOptions.of(
                                        o ->
                                            o.field(
                                                f -> f.field("@timestamp").order(SortOrder.Desc))),
                                    co.elastic.clients.elasticsearch._types.SortOptions.of(
                                        o -> o.field(f -> f.field("tallyman.finding.id"))))),
                    Map.class));
    List<AffectedAt.Entry> active = new ArrayList<>();
    for (Hit<Map> h : r.hits().hits()) {
      Map<String, ?> src = h.source();
      String status = src == null ? null : str(src, "tallyman.finding.status");
      if (src == null || "fixed".equals(status) || "deleted".equals(status)) {
        continue;
      }
      Object aliases = FindingDocuments.get(src, "tallyman.vulnerability.aliases");
      active.add(
          new AffectedAt.Entry(
              str(src, "tallyman.finding.id"),
              str(src, "vulnerability.id"),
              aliases instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of(),
              str(src, "vulnerability.severity"),
              str(src, "package.name"),
              str(src, "package.version"),
              str(src, "tallyman.package.purl"),
              str(src, "tallyman.finding.status"),
              str(src, "@timestamp")));
    }
    return new AffectedAt(d, instant.toString(), vuln, !active.isEmpty(), active);
  }

  /** The indexing status of a digest; empty when no complete report was indexed (or hidden). */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Optional<ScanStatus> status(String digest, Principal who) {
    String d = validDigest(digest);
    Query query =
        Visibility.restrict(SearchRequests.term("container.image.hash.all", d, false), who, false);
    SearchResponse<Map> r =
        Elastic.call(
            () ->
                client.search(
                    s -> s.index(layout.images().alias()).query(query).size(1), Map.class));
    if (r.hits().hits().isEmpty() || r.hits().hits().get(0).source() == null) {
      return Optional.empty();
    }
    Map<String, ?> src = r.hits().hits().get(0).source();
    Map<String, Long> severities = new LinkedHashMap<>();
    for (String s : Severities.NAMES) {
      severities.put(s, num(src, "tallyman.image.severity_counts." + s));
    }
    ScanStatus.Stage indexing =
        new ScanStatus.Stage(
            str(src, "tallyman.scan.status"),
            str(src, "tallyman.report.id"),
            str(src, "tallyman.scan.first_analyzed"),
            str(src, "tallyman.scan.last_analyzed"),
            str(src, "container.image.name"),
            str(src, "tallyman.image.platform"),
            num(src, "tallyman.image.package_count"),
            num(src, "tallyman.image.finding_count"),
            severities);
    return Optional.of(new ScanStatus(d, Map.of("indexing", indexing)));
  }

  private static Instant instant(String at) {
    if (at == null || at.isBlank()) {
      return Instant.now();
    }
    try {
      return Instant.parse(at.trim());
    } catch (DateTimeParseException e) {
      try {
        // a day means its end: "affected on 2024-03-01"
        return java.time.LocalDate.parse(at.trim())
            .plusDays(1)
            .atStartOfDay()
            .toInstant(java.time.ZoneOffset.UTC)
            .minusMillis(1);
      } catch (DateTimeParseException e2) {
        throw new InvalidQueryException(
            "at must be an instant like 2024-03-01T12:00:00Z or a day like 2024-03-01");
      }
    }
  }

  static String validDigest(String digest) {
    if (!Digests.isValid(digest)) {
      throw new InvalidQueryException(
          "digest must be an OCI digest like sha256:<64 lower-case hex digits>");
    }
    return digest;
  }

  private static String str(Map<String, ?> src, String path) {
    Object o = FindingDocuments.get(src, path);
    return o == null ? null : o.toString();
  }

  private static long num(Map<String, ?> src, String path) {
    Object o = FindingDocuments.get(src, path);
    return o instanceof Number n ? n.longValue() : 0;
  }
}
