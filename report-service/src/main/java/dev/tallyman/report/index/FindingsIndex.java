package dev.tallyman.report.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetRequest;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.util.ObjectBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The findings index in Elasticsearch: creates template, index and alias, and writes documents.
 * Writes go through the alias with require_alias, so a deleted index is recreated here (with the
 * strict mapping) rather than auto-created by Elasticsearch with a dynamic one.
 */
public final class FindingsIndex {
  private static final Logger LOG = LoggerFactory.getLogger(FindingsIndex.class);
  static final String TEMPLATE_RESOURCE = "findings-template.json";
  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Writes every map entry, empty or null (a partial update clears a field with them). {@link
   * JsonData} serializes with it when the client's mapper is of the same class, which the service's
   * and the benchmark's {@code JacksonJsonpMapper} are.
   */
  private static final co.elastic.clients.json.jackson.JacksonJsonpMapper VERBATIM =
      new co.elastic.clients.json.jackson.JacksonJsonpMapper(
          new com.fasterxml.jackson.databind.ObjectMapper());

  private static final List<FieldValue> INACTIVE =
      List.of(FieldValue.of("fixed"), FieldValue.of("deleted"));

  /** Hits per page of a search_after walk; a shorter page is the last. */
  private static final int PAGE_SIZE = 1000;

  /** Bounds one request body; a batch larger than this is written in consecutive requests. */
  static final int MAX_DOCS_PER_REQUEST = 5000;

  /** Re-applications of a partial update that raced another write of the same document. */
  static final int RETRY_ON_CONFLICT = 5;

  /** Distinct vulnerability ids (and aliases) kept on one image document. */
  static final int MAX_IDS = 10_000;

  private final ElasticsearchClient client;
  private final IndexLayout layout;
  private volatile boolean ready;

  public FindingsIndex(ElasticsearchClient client, IndexLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  public IndexLayout layout() {
    return layout;
  }

  /** Puts the templates and creates indices + aliases if missing. Idempotent; safe to race. */
  public void ensureReady() throws IOException {
    ensure(layout, TEMPLATE_RESOURCE, null);
    ensure(layout.history(), "history-template.json", 210L);
    ensure(layout.images(), "images-template.json", 210L);
    ensure(layout.packages(), "packages-template.json", 210L);
    ensure(layout.sboms(), "sboms-template.json", 210L);
    ready = true;
  }

  private void ensure(IndexLayout l, String resource, Long priority) throws IOException {
    try (InputStream json = FindingsIndex.class.getResourceAsStream(resource)) {
      if (json == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      client
          .indices()
          .putIndexTemplate(
              t -> {
                t.withJson(json).name(l.templateName()).indexPatterns(l.indexPattern());
                return priority == null ? t : t.priority(priority);
              });
    }
    boolean indexExists = client.indices().exists(e -> e.index(l.index())).value();
    if (!indexExists) {
      try {
        client
            .indices()
            .create(c -> c.index(l.index()).aliases(l.alias(), a -> a.isWriteIndex(true)));
        LOG.info("created index {} with alias {}", l.index(), l.alias());
      } catch (ElasticsearchException e) {
        if (!"resource_already_exists_exception".equals(e.error().type())) {
          throw e;
        }
      }
    } else {
      // fields added since the index was created (additive only; a strict mapping refuses them)
      try (InputStream json = FindingsIndex.class.getResourceAsStream(resource)) {
        byte[] mappings =
            MAPPER.writeValueAsBytes(MAPPER.readTree(json).path("template").path("mappings"));
        client
            .indices()
            .putMapping(
                m -> m.index(l.index()).withJson(new java.io.ByteArrayInputStream(mappings)));
      }
      if (!client.indices().existsAlias(a -> a.name(l.alias())).value()) {
        client.indices().putAlias(a -> a.index(l.index()).name(l.alias()).isWriteIndex(true));
        LOG.info("added alias {} to existing index {}", l.alias(), l.index());
      }
    }
  }

  /** {@link #ensureReady()} unless it already succeeded (and no write since found it gone). */
  public void ensureReadyOnce() throws IOException {
    if (!ready) {
      ensureReady();
    }
  }

  /** Stored sources of the given ids that exist (used to carry tags over). */
  public Map<String, Map<String, Object>> stored(List<String> ids) throws IOException {
    Map<String, Map<String, Object>> out = new HashMap<>();
    for (List<String> chunk : chunks(ids.stream().distinct().toList())) {
      out.putAll(
          found(
              m ->
                  m.index(layout.alias())
                      .ids(chunk)
                      .sourceIncludes(
                          List.of(
                              "container.image",
                              "tallyman.image",
                              "tallyman.finding",
                              "tallyman.report"))));
    }
    return out;
  }

  /** Sources of the documents an mget found, by id. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private Map<String, Map<String, Object>> found(
      Function<MgetRequest.Builder, ObjectBuilder<MgetRequest>> request) throws IOException {
    MgetResponse<Map> r;
    try {
      r = client.mget(request, Map.class);
    } catch (ElasticsearchException e) {
      if (e.error() != null && "index_not_found_exception".equals(e.error().type())) {
        ready = false; // recreated by ensureReadyOnce() on the next attempt
      }
      throw e;
    }
    Map<String, Map<String, Object>> out = new HashMap<>();
    for (MultiGetResponseItem<Map> item : r.docs()) {
      if (item.isResult() && item.result().found() && item.result().source() != null) {
        out.put(item.result().id(), item.result().source());
      }
    }
    return out;
  }

  /** Writes finding documents (replacing any with the same id). */
  public BulkOutcome write(List<FindingDocument> docs)
      throws IOException, RetryableIndexingException {
    return writeAll(
        docs.stream().map(d -> Write.index(layout.alias(), d.id(), d.source())).toList());
  }

  /**
   * Runs the operations in bulk requests of at most {@link #MAX_DOCS_PER_REQUEST}.
   *
   * @throws RetryableIndexingException if any operation failed for a reason that may pass (429,
   *     5xx, index missing); repeating the whole call is safe since ids are deterministic
   * @throws IOException if Elasticsearch could not be reached
   */
  public BulkOutcome writeAll(List<Write> writes) throws IOException, RetryableIndexingException {
    Map<String, String> rejected = new LinkedHashMap<>();
    List<String> retryable = new ArrayList<>();
    int indexed = 0;
    for (List<Write> chunk : chunks(writes)) {
      List<BulkOperation> ops = new ArrayList<>(chunk.size());
      for (Write w : chunk) {
        ops.add(operation(w));
      }
      BulkResponse response =
          client.bulk(BulkRequest.of(b -> b.operations(ops).requireAlias(true)));
      List<BulkResponseItem> items = response.items();
      for (int i = 0; i < items.size(); i++) {
        BulkResponseItem item = items.get(i);
        Write w = chunk.get(i);
        if (item.error() == null) {
          indexed++;
        } else if (skippable(w, item)) {
          continue; // nothing to patch (yet): the other writer brings these fields along
        } else if (isRetryable(item.status())) {
          retryable.add(item.id() + ": " + item.status() + " " + item.error().reason());
          if (item.status() == 404) {
            ready = false; // alias or index gone: recreate before the retry
          }
        } else {
          rejected.put(item.id(), item.error().type() + ": " + item.error().reason());
        }
      }
    }
    if (!retryable.isEmpty()) {
      throw new RetryableIndexingException(
          retryable.size()
              + " of "
              + writes.size()
              + " documents not written, e.g. "
              + retryable.get(0));
    }
    return new BulkOutcome(indexed, rejected);
  }

  private static BulkOperation operation(Write w) {
    return switch (w.op()) {
      case DELETE -> BulkOperation.of(o -> o.delete(d -> d.index(w.alias()).id(w.id())));
      case CREATE ->
          BulkOperation.of(o -> o.create(c -> c.index(w.alias()).id(w.id()).document(w.source())));
      case INDEX ->
          BulkOperation.of(o -> o.index(i -> i.index(w.alias()).id(w.id()).document(w.source())));
      // partial documents merge field by field, so another writer's change in between is no
      // conflict: let Elasticsearch re-apply instead of failing the item with a 409
      case PATCH ->
          BulkOperation.of(
              o ->
                  o.update(
                      u ->
                          u.index(w.alias())
                              .id(w.id())
                              .retryOnConflict(RETRY_ON_CONFLICT)
                              .action(a -> a.doc(w.source()))));
      // empty arrays and nulls mean "clear" here, so they must reach Elasticsearch whatever the
      // client's mapper leaves out (the service's drops empty values): our own mapper writes them
      case PATCH_IF_EXISTS, UPSERT ->
          BulkOperation.of(
              o ->
                  o.update(
                      u ->
                          u.index(w.alias())
                              .id(w.id())
                              .retryOnConflict(RETRY_ON_CONFLICT)
                              .action(
                                  a ->
                                      a.doc(JsonData.of(w.source(), VERBATIM))
                                          .docAsUpsert(w.op() == Write.Op.UPSERT))));
    };
  }

  /** A patch-if-exists of a missing document did what it should: nothing. */
  private static boolean skippable(Write w, BulkResponseItem item) {
    return w.op() == Write.Op.PATCH_IF_EXISTS
        && item.status() == 404
        && "document_missing_exception".equals(item.error().type());
  }

  /** Makes the writes so far visible to searches on all three aliases. */
  public void refresh() throws IOException {
    client
        .indices()
        .refresh(
            r ->
                r.index(
                    List.of(
                        layout.alias(),
                        layout.history().alias(),
                        layout.images().alias(),
                        layout.packages().alias(),
                        layout.sboms().alias())));
  }

  /** Makes the writes so far visible to searches on the packages alias. */
  public void refreshPackages() throws IOException {
    client.indices().refresh(r -> r.index(layout.packages().alias()));
  }

  /**
   * Active findings of {@code digest} that report {@code reportId} did not list (ids and the fields
   * a history entry needs). Call after {@link #refresh()}. Paged with search_after on the finding
   * id, so no result window limit.
   */
  public Map<String, Map<String, Object>> activeNotListedBy(String digest, String reportId)
      throws IOException {
    return searchAll(
        layout.alias(), active(digest, reportId), "tallyman.finding.id", History.SOURCE_FIELDS);
  }

  /**
   * Findings of the digest that are neither fixed nor deleted, leaving out those of report {@code
   * notReportId} when it is not null.
   */
  private static Query active(String digest, String notReportId) {
    return Query.of(
        q ->
            q.bool(
                b -> {
                  b.filter(f -> f.term(t -> t.field("container.image.hash.all").value(digest)));
                  if (notReportId != null) {
                    b.mustNot(m -> m.term(t -> t.field("tallyman.report.id").value(notReportId)));
                  }
                  return b.mustNot(
                      m ->
                          m.terms(
                              t ->
                                  t.field("tallyman.finding.status")
                                      .terms(v -> v.value(INACTIVE))));
                }));
  }

  /** Active findings of the digest by severity name. Call after {@link #refresh()}. */
  public Map<String, Long> severityCounts(String digest) throws IOException {
    var r =
        client.search(
            s ->
                s.index(layout.alias())
                    .size(0)
                    .query(active(digest, null))
                    .aggregations(
                        "sev", a -> a.terms(t -> t.field("vulnerability.severity").size(10))),
            Void.class);
    Map<String, Long> out = new LinkedHashMap<>();
    r.aggregations()
        .get("sev")
        .sterms()
        .buckets()
        .array()
        .forEach(b -> out.put(b.key().stringValue(), b.docCount()));
    return out;
  }

  /** Stored image documents by digest (absent when never completed). */
  public Map<String, Map<String, Object>> images(List<String> digests) throws IOException {
    return byDigest(layout.images().alias(), digests);
  }

  /** Stored SBOM headers by digest (absent when no SBOM was complete). */
  public Map<String, Map<String, Object>> sbomHeaders(List<String> digests) throws IOException {
    return byDigest(layout.sboms().alias(), digests);
  }

  /** Documents with id {@code Images.id(digest)} in {@code alias}, by digest. */
  private Map<String, Map<String, Object>> byDigest(String alias, List<String> digests)
      throws IOException {
    Map<String, Map<String, Object>> out = new HashMap<>();
    List<String> distinct = digests.stream().distinct().toList();
    if (distinct.isEmpty()) {
      return out;
    }
    Map<String, String> digestOf = new HashMap<>();
    distinct.forEach(d -> digestOf.put(Images.id(d), d));
    found(m -> m.index(alias).ids(List.copyOf(digestOf.keySet())))
        .forEach((id, source) -> out.put(digestOf.get(id), source));
    return out;
  }

  /** Ids and aliases of the digest's active findings. Call after {@link #refresh()}. */
  public List<String> vulnerabilityIds(String digest) throws IOException {
    var r =
        client.search(
            s ->
                s.index(layout.alias())
                    .size(0)
                    .query(active(digest, null))
                    .aggregations(
                        "ids", a -> a.terms(t -> t.field("vulnerability.id").size(MAX_IDS)))
                    .aggregations(
                        "aliases",
                        a -> a.terms(t -> t.field("tallyman.vulnerability.aliases").size(MAX_IDS))),
            Void.class);
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    for (String agg : List.of("ids", "aliases")) {
      r.aggregations()
          .get(agg)
          .sterms()
          .buckets()
          .array()
          .forEach(b -> out.add(b.key().stringValue()));
    }
    return List.copyOf(out);
  }

  /** Image documents whose platform digest or index digest is {@code digest}, by document id. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Map<String, Map<String, Object>> imagesOf(String digest) throws IOException {
    var r =
        client.search(
            s ->
                s.index(layout.images().alias())
                    .size(1000)
                    .query(
                        q ->
                            q.bool(
                                b ->
                                    b.should(
                                            x ->
                                                x.term(
                                                    t ->
                                                        t.field("container.image.hash.all")
                                                            .value(digest)))
                                        .should(
                                            x ->
                                                x.term(
                                                    t ->
                                                        t.field("tallyman.image.index_digest")
                                                            .value(digest)))
                                        .minimumShouldMatch("1"))),
            Map.class);
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    putSources(r.hits().hits(), out);
    return out;
  }

  /**
   * Every document of {@code digest} in {@code alias} (ids and the given source fields), paged with
   * search_after on {@code sortField}, a unique keyword. Call after {@link #refresh()}.
   */
  public Map<String, Map<String, Object>> allOf(
      String alias, String digest, String sortField, List<String> includes) throws IOException {
    return allOf(alias, List.of(digest), sortField, includes);
  }

  /** {@link #allOf(String, String, String, List)} for several digests in one paged search. */
  public Map<String, Map<String, Object>> allOf(
      String alias, List<String> digests, String sortField, List<String> includes)
      throws IOException {
    List<FieldValue> values = digests.stream().distinct().map(FieldValue::of).toList();
    return searchAll(
        alias,
        Query.of(
            q -> q.terms(t -> t.field("container.image.hash.all").terms(v -> v.value(values)))),
        sortField,
        includes);
  }

  /**
   * Ids and the given source fields of every hit of {@code query} in {@code alias}, paged with
   * search_after on {@code sortField}, a unique keyword.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private Map<String, Map<String, Object>> searchAll(
      String alias, Query query, String sortField, List<String> includes) throws IOException {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    List<FieldValue> after = null;
    while (true) {
      final List<FieldValue> from = after;
      SearchResponse<Map> page =
          client.search(
              s -> {
                s.index(alias)
                    .size(PAGE_SIZE)
                    .source(src -> src.filter(f -> f.includes(includes)))
                    .query(query)
                    .sort(o -> o.field(f -> f.field(sortField)));
                if (from != null) {
                  s.searchAfter(from);
                }
                return s;
              },
              Map.class);
      var hits = page.hits().hits();
      putSources(hits, out);
      if (hits.size() < PAGE_SIZE) {
        break;
      }
      after = hits.get(hits.size() - 1).sort();
    }
    return out;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void putSources(List<Hit<Map>> hits, Map<String, Map<String, Object>> out) {
    hits.forEach(h -> out.put(h.id(), h.source() == null ? Map.of() : h.source()));
  }

  /** 429 and 5xx pass with time; 404 means the alias is missing and will be recreated. */
  static boolean isRetryable(int status) {
    // 409: a create lost to a concurrent writer (or an update raced one); the retry re-reads
    return status == 429 || status == 404 || status == 409 || status >= 500;
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += MAX_DOCS_PER_REQUEST) {
      out.add(all.subList(i, Math.min(all.size(), i + MAX_DOCS_PER_REQUEST)));
    }
    return out;
  }
}
