package dev.tallyman.report.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** Bounds one request body; a batch larger than this is written in consecutive requests. */
  static final int MAX_DOCS_PER_REQUEST = 5000;

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

  /** Puts the template and creates index + alias if missing. Idempotent; safe to race. */
  public void ensureReady() throws IOException {
    try (InputStream json = FindingsIndex.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (json == null) {
        throw new IllegalStateException("missing resource " + TEMPLATE_RESOURCE);
      }
      client
          .indices()
          .putIndexTemplate(
              t ->
                  t.withJson(json)
                      .name(layout.templateName())
                      .indexPatterns(layout.indexPattern()));
    }
    boolean indexExists = client.indices().exists(e -> e.index(layout.index())).value();
    if (!indexExists) {
      try {
        client
            .indices()
            .create(
                c -> c.index(layout.index()).aliases(layout.alias(), a -> a.isWriteIndex(true)));
        LOG.info("created index {} with alias {}", layout.index(), layout.alias());
      } catch (ElasticsearchException e) {
        if (!"resource_already_exists_exception".equals(e.error().type())) {
          throw e;
        }
      }
    } else if (!client.indices().existsAlias(a -> a.name(layout.alias())).value()) {
      client
          .indices()
          .putAlias(a -> a.index(layout.index()).name(layout.alias()).isWriteIndex(true));
      LOG.info("added alias {} to existing index {}", layout.alias(), layout.index());
    }
    ready = true;
  }

  /** {@link #ensureReady()} unless it already succeeded (and no write since found it gone). */
  public void ensureReadyOnce() throws IOException {
    if (!ready) {
      ensureReady();
    }
  }

  /** Stored sources of the given ids that exist (used to carry tags over). */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Map<String, Map<String, Object>> stored(List<String> ids) throws IOException {
    Map<String, Map<String, Object>> out = new HashMap<>();
    for (List<String> chunk : chunks(ids.stream().distinct().toList())) {
      MgetResponse<Map> r;
      try {
        r =
            client.mget(
                m ->
                    m.index(layout.alias())
                        .ids(chunk)
                        .sourceIncludes(List.of("container.image", "tallyman.image")),
                Map.class);
      } catch (ElasticsearchException e) {
        if (e.error() != null && "index_not_found_exception".equals(e.error().type())) {
          ready = false; // recreated by ensureReadyOnce() on the next attempt
        }
        throw e;
      }
      for (MultiGetResponseItem<Map> item : r.docs()) {
        if (item.isResult() && item.result().found() && item.result().source() != null) {
          out.put(item.result().id(), item.result().source());
        }
      }
    }
    return out;
  }

  /**
   * Writes the documents (replacing any with the same id).
   *
   * @throws RetryableIndexingException if any document failed for a reason that may pass (429, 5xx,
   *     index missing); repeating the whole call is safe since ids are deterministic
   * @throws IOException if Elasticsearch could not be reached
   */
  public BulkOutcome write(List<FindingDocument> docs)
      throws IOException, RetryableIndexingException {
    Map<String, String> rejected = new LinkedHashMap<>();
    List<String> retryable = new ArrayList<>();
    int indexed = 0;
    for (List<FindingDocument> chunk : chunks(docs)) {
      List<BulkOperation> ops = new ArrayList<>(chunk.size());
      for (FindingDocument d : chunk) {
        ops.add(
            BulkOperation.of(
                o -> o.index(i -> i.index(layout.alias()).id(d.id()).document(d.source()))));
      }
      BulkResponse response =
          client.bulk(BulkRequest.of(b -> b.operations(ops).requireAlias(true)));
      for (BulkResponseItem item : response.items()) {
        if (item.error() == null) {
          indexed++;
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
              + docs.size()
              + " documents not written, e.g. "
              + retryable.get(0));
    }
    return new BulkOutcome(indexed, rejected);
  }

  /**
   * Deletes the documents of {@code digest} that an older report wrote: once a report's last part
   * is indexed, findings it no longer lists (withdrawn advisories, fixed ranges) must go. No
   * _delete_by_query on this cluster, so: refresh, collect ids page by page, bulk delete by id.
   *
   * @return documents deleted
   */
  public int removeSuperseded(String digest, String reportId)
      throws IOException, RetryableIndexingException {
    client.indices().refresh(r -> r.index(layout.alias()));
    List<String[]> stale = new ArrayList<>(); // {index, id}
    List<co.elastic.clients.elasticsearch._types.FieldValue> after = null;
    while (true) {
      final List<co.elastic.clients.elasticsearch._types.FieldValue> from = after;
      co.elastic.clients.elasticsearch.core.SearchResponse<Void> page =
          client.search(
              s -> {
                s.index(layout.alias())
                    .size(1000)
                    .source(src -> src.fetch(false))
                    .query(
                        q ->
                            q.bool(
                                b ->
                                    b.filter(
                                            f ->
                                                f.term(
                                                    t ->
                                                        t.field("container.image.hash.all")
                                                            .value(digest)))
                                        .mustNot(
                                            m ->
                                                m.term(
                                                    t ->
                                                        t.field("tallyman.report.id")
                                                            .value(reportId)))))
                    .sort(o -> o.field(f -> f.field("tallyman.finding.id")));
                if (from != null) {
                  s.searchAfter(from);
                }
                return s;
              },
              Void.class);
      var hits = page.hits().hits();
      hits.forEach(h -> stale.add(new String[] {h.index(), h.id()}));
      if (hits.size() < 1000) {
        break;
      }
      after = hits.get(hits.size() - 1).sort();
    }
    if (stale.isEmpty()) {
      return 0;
    }
    int deleted = 0;
    List<String> failed = new ArrayList<>();
    for (List<String[]> chunk : chunks(stale)) {
      List<BulkOperation> ops = new ArrayList<>(chunk.size());
      chunk.forEach(
          hit -> ops.add(BulkOperation.of(o -> o.delete(d -> d.index(hit[0]).id(hit[1])))));
      BulkResponse response = client.bulk(BulkRequest.of(b -> b.operations(ops)));
      for (BulkResponseItem item : response.items()) {
        if (item.error() == null || item.status() == 404) {
          deleted++;
        } else {
          failed.add(item.id() + ": " + item.status() + " " + item.error().reason());
        }
      }
    }
    if (!failed.isEmpty()) {
      throw new RetryableIndexingException(
          failed.size() + " superseded documents not deleted, e.g. " + failed.get(0));
    }
    LOG.info("removed {} findings of {} superseded by report {}", deleted, digest, reportId);
    return deleted;
  }

  /** 429 and 5xx pass with time; 404 means the alias is missing and will be recreated. */
  static boolean isRetryable(int status) {
    return status == 429 || status == 404 || status >= 500;
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += MAX_DOCS_PER_REQUEST) {
      out.add(all.subList(i, Math.min(all.size(), i + MAX_DOCS_PER_REQUEST)));
    }
    return out;
  }
}
