package dev.tallyman.report.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.tallyman.deploy.TestStack;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.Reports;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The index template against the real Elasticsearch: strict, and it fits what we write. */
class StrictTemplateTest {
  private static RestClient rest;
  private static ElasticsearchClient client;
  private static FindingsIndex index;
  private static IndexLayout layout;

  @BeforeAll
  static void start() throws Exception {
    rest = RestClient.builder(HttpHost.create(TestStack.elasticsearch().httpUrl())).build();
    client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    layout = new IndexLayout("strict-" + UUID.randomUUID().toString().substring(0, 8));
    index = new FindingsIndex(client, layout);
    index.ensureReady();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.indices().delete(d -> d.index(layout.index()).ignoreUnavailable(true));
      client.indices().deleteIndexTemplate(d -> d.name(layout.templateName()));
    }
    if (rest != null) {
      rest.close();
    }
  }

  @Test
  void bootstrapIsIdempotentAndCreatesIndexAndAlias() throws Exception {
    index.ensureReady();
    assertThat(
            client.indices().existsAlias(a -> a.name(layout.alias()).index(layout.index())).value())
        .isTrue();
    var mapping = client.indices().getMapping(m -> m.index(layout.index())).get(layout.index());
    assertThat(mapping.mappings().dynamic().jsonValue()).isEqualTo("strict");
  }

  @Test
  void anUnknownFieldIsRejected() {
    Map<String, Object> doc = Map.of("vulnerability", Map.of("id", "CVE-1"), "surprise", "field");
    assertThatThrownBy(() -> client.index(i -> i.index(layout.alias()).id("x").document(doc)))
        .isInstanceOf(ElasticsearchException.class)
        .hasMessageContaining("strict_dynamic_mapping_exception");
  }

  @Test
  void anUnknownFieldInABulkIsADocumentFaultNotARetry() throws Exception {
    Map<String, Object> bad = Map.of("package", Map.of("name", "a", "licence", "MIT"));
    BulkOutcome outcome = index.write(List.of(new FindingDocument("bad-doc", bad)));
    assertThat(outcome.indexed()).isZero();
    assertThat(outcome.rejected()).containsOnlyKeys("bad-doc");
    assertThat(outcome.rejected().get("bad-doc")).contains("strict_dynamic_mapping_exception");
  }

  @Test
  void everyFieldWeWriteIsInTheTemplate() throws Exception {
    var report =
        Reports.report(Reports.digest("strict"), "r:5000", "team/app", "1")
            .setIndexDigest(Reports.digest("index"))
            .addFindings(
                Reports.finding(
                    "CVE-2024-1",
                    Severity.SEVERITY_HIGH,
                    7.5,
                    "1.1",
                    Reports.pkg("a", "1"),
                    "GHSA-x"))
            .addFindings(
                Reports.finding(
                        "CVE-2024-1",
                        Severity.SEVERITY_HIGH,
                        7.5,
                        "1.1",
                        Reports.pkg("a", "1"),
                        "GHSA-x")
                    .toBuilder()
                    .setPackage(
                        Reports.pkg("a", "1").toBuilder()
                            .setSourceName("src-a")
                            .setSourceVersion("1s")))
            .build();
    List<FindingDocument> docs = FindingDocuments.of(report, Instant.now());

    BulkOutcome outcome = index.write(docs);

    assertThat(outcome.rejected()).isEmpty();
    assertThat(outcome.indexed()).isEqualTo(docs.size());
    assertThat(index.stored(List.of(docs.get(0).id()))).containsKey(docs.get(0).id());
  }

  @Test
  void aDeletedIndexIsRecreatedWithTheStrictMappingNotAutoCreated() throws Exception {
    IndexLayout other =
        new IndexLayout("strict-gone-" + UUID.randomUUID().toString().substring(0, 8));
    FindingsIndex gone = new FindingsIndex(client, other);
    gone.ensureReady();
    client.indices().delete(d -> d.index(other.index()));
    FindingDocument doc =
        FindingDocuments.of(
                Reports.report(Reports.digest("gone"), "r", "x", "1")
                    .addFindings(
                        Reports.finding(
                            "CVE-1", Severity.SEVERITY_LOW, 1, "", Reports.pkg("a", "1")))
                    .build(),
                Instant.now())
            .get(0);
    try {
      assertThatThrownBy(() -> gone.write(List.of(doc)))
          .isInstanceOf(RetryableIndexingException.class);
      assertThat(client.indices().exists(e -> e.index(other.alias())).value()).isFalse();
      gone.ensureReadyOnce(); // what the listener does before its retry
      assertThat(gone.write(List.of(doc)).indexed()).isEqualTo(1);
    } finally {
      client.indices().delete(d -> d.index(other.index()).ignoreUnavailable(true));
      client.indices().deleteIndexTemplate(d -> d.name(other.templateName()));
    }
  }
}
