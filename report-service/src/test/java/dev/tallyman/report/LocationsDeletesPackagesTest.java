package dev.tallyman.report;

import static dev.tallyman.report.ReportTestSupport.badRequest;
import static dev.tallyman.report.ReportTestSupport.buckets;
import static dev.tallyman.report.ReportTestSupport.enc;
import static dev.tallyman.report.ReportTestSupport.get;
import static dev.tallyman.report.ReportTestSupport.image;
import static dev.tallyman.report.Reports.BASH;
import static dev.tallyman.report.Reports.CURL;
import static dev.tallyman.report.Reports.LIBC;
import static dev.tallyman.report.Reports.OPENSSL;
import static dev.tallyman.report.Reports.ZLIB;
import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import dev.tallyman.analysis.sbom.SbomSchemas;
import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.contracts.Topics;
import dev.tallyman.proto.v1.EventSource;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Sbom;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.ReportTestSupport.Response;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every location of a digest, KEV/EPSS/CWE on findings, the packages index with where-deployed and
 * the SBOM export, and delete events — against a real Kafka and a real Elasticsearch.
 */
class LocationsDeletesPackagesTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String R = "127.0.0.1:5000";
  private static final String R2 = "127.0.0.2:5000";

  private static final String A = digest("loc-a-" + UUID.randomUUID());
  private static final String B = digest("loc-b-" + UUID.randomUUID());
  private static final String GONE = digest("loc-gone-" + UUID.randomUUID());
  private static final String SWAP = digest("loc-swap-" + UUID.randomUUID());

  private static EmbeddedServer server;
  private static KafkaProducer<String, byte[]> producer;
  private static String base;
  private static String bootstrap;
  private static String group;
  private static Topics topics;

  static ImageLocation loc(String registry, String repository, String tag) {
    return ImageLocation.newBuilder()
        .setRegistry(registry)
        .setRepository(repository)
        .setTag(tag)
        .build();
  }

  static final FindingsReport IMAGE_A =
      report(A, R, "payments/api", "1")
          .addLocations(loc(R, "payments/api", "1"))
          .addLocations(loc(R2, "shop/web", "2"))
          .addFindings(
              finding("CVE-2031-0001", Severity.SEVERITY_HIGH, 8.1, "3.0.13", OPENSSL).toBuilder()
                  .setKev(true)
                  .setEpssScore(0.91)
                  .setEpssPercentile(0.99)
                  .addCwes("CWE-79"))
          .addFindings(
              finding("CVE-2031-0002", Severity.SEVERITY_LOW, 2.0, "", ZLIB).toBuilder()
                  .setEpssScore(0.1)
                  .setEpssPercentile(0.4))
          .build();
  static final FindingsReport IMAGE_B =
      report(B, R, "payments/worker", "1")
          .addFindings(
              finding("CVE-2031-0001", Severity.SEVERITY_HIGH, 8.1, "3.0.13", OPENSSL).toBuilder()
                  .setKev(true)
                  .setEpssScore(0.91)
                  .addCwes("CWE-79"))
          .build();
  static final FindingsReport IMAGE_GONE =
      report(GONE, R, "payments/del", "1")
          .addLocations(loc(R, "payments/del", "1"))
          .addLocations(loc(R, "payments/del", "2"))
          .addLocations(loc(R, "shop/del", "x"))
          .addFindings(finding("CVE-2032-0001", Severity.SEVERITY_CRITICAL, 9.8, "", BASH))
          .addFindings(finding("CVE-2032-0002", Severity.SEVERITY_MEDIUM, 5.0, "", CURL))
          .build();
  static final FindingsReport IMAGE_SWAP =
      report(SWAP, R, "platform/base", "1")
          .addFindings(finding("CVE-2033-0001", Severity.SEVERITY_LOW, 1.0, "", BASH))
          .build();

  @BeforeAll
  static void start() throws Exception {
    ReportService service = ReportService.start("ld");
    server = service.server();
    bootstrap = service.bootstrap();
    group = service.group();
    topics = service.topics();
    base = service.base();
    producer = ReportTestSupport.producer(bootstrap);
    for (FindingsReport r : List.of(IMAGE_A, IMAGE_B, IMAGE_GONE, IMAGE_SWAP)) {
      ReportTestSupport.publish(producer, topics.findings(), r);
    }
    // A's SBOM in two parts (as the analyzer splits large ones), with packages without findings
    Sbom whole = Reports.sbom(IMAGE_A, LIBC, BASH).build();
    List<Package> pkgs = whole.getPackagesList();
    Sbom part0 =
        whole.toBuilder()
            .clearPackages()
            .addAllPackages(pkgs.subList(0, 2))
            .setPartCount(2)
            .build();
    Sbom part1 =
        whole.toBuilder()
            .clearPackages()
            .addAllPackages(pkgs.subList(2, pkgs.size()))
            .setPart(1)
            .setPartCount(2)
            .build();
    for (Sbom s :
        List.of(
            part0,
            part1,
            Reports.sbom(IMAGE_B).build(),
            Reports.sbom(IMAGE_GONE).build(),
            Reports.sbom(IMAGE_SWAP, LIBC).build())) {
      ReportTestSupport.publish(producer, topics.sboms(), s.getImageDigest(), s);
    }
    for (String d : List.of(A, B, GONE, SWAP)) {
      await().atMost(WAIT).until(() -> get(base + "/v1/scans/" + d).status() == 200);
      await().atMost(WAIT).until(() -> get(base + "/v1/images/" + d + "/sbom").status() == 200);
    }
  }

  @AfterAll
  static void stop() {
    ReportTestSupport.stop(producer, server);
  }

  @Test
  void everyLocationOfADigestIsSearchable() {
    assertThat(digests(ok("/v1/findings?q=" + enc("repository:shop/*")).at("/items")))
        .containsOnly(A)
        .hasSize(2);
    assertThat(ok("/v1/findings?q=" + enc("registry:\"" + R2 + "\"")).at("/total").asInt())
        .isEqualTo(2);
    assertThat(ok("/v1/findings?q=" + enc("tag:2 AND repository:shop/web")).at("/total").asInt())
        .isEqualTo(2);
    JsonNode report = ok("/v1/images/" + A);
    assertThat(report.at("/image/locations")).hasSize(2);
    assertThat(report.at("/image/locations/1/registry").asText()).isEqualTo(R2);
    assertThat(report.at("/image/locations/1/repository").asText()).isEqualTo("shop/web");
    assertThat(report.at("/image/locations/1/tag").asText()).isEqualTo("2");
    JsonNode blast = ok("/v1/vulnerabilities/CVE-2031-0001/images");
    assertThat(image(blast, A).at("/locations")).hasSize(2);
    // both repositories count the finding in the repository facet
    assertThat(buckets(ok("/v1/findings/facets?by=repository&digest=" + A), "repository"))
        .containsExactly(R + "/payments/api=2", R2 + "/shop/web=2");
  }

  @Test
  void kevEpssAndCwesAreSearchableCountedAndExported() throws Exception {
    assertThat(digests(ok("/v1/findings?q=" + enc("kev:true")).at("/items")))
        .containsExactlyInAnyOrder(A, B);
    assertThat(ok("/v1/findings?q=" + enc("epss>=0.5")).at("/total").asInt()).isEqualTo(2);
    assertThat(ok("/v1/findings?q=" + enc("epss<0.5 AND epss>0")).at("/total").asInt())
        .isEqualTo(1);
    assertThat(ok("/v1/findings?q=" + enc("epss_percentile>=0.9")).at("/total").asInt())
        .isEqualTo(1);
    assertThat(ok("/v1/findings?q=" + enc("cwe:CWE-79")).at("/total").asInt()).isEqualTo(2);
    JsonNode one = ok("/v1/findings?q=" + enc("kev:true") + "&digest=" + A).at("/items/0");
    assertThat(one.at("/vulnerability/kev").asBoolean()).isTrue();
    assertThat(one.at("/vulnerability/epss").asDouble()).isEqualTo(0.91, within());
    assertThat(one.at("/vulnerability/cwes/0").asText()).isEqualTo("CWE-79");
    JsonNode facets = ok("/v1/findings/facets?by=kev,cwe&digest=" + A);
    assertThat(buckets(facets, "kev")).containsExactly("false=1", "true=1");
    assertThat(buckets(facets, "cwe")).containsExactly("CWE-79=1");

    Response csv = get(base + "/v1/images/" + A + "/findings.csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).endsWith(",kev,epss,epss_percentile,cwes");
    assertThat(lines[1]).contains("CVE-2031-0001").endsWith(",true,0.91000,0.99000,CWE-79");
    JsonNode sarif = get(base + "/v1/images/" + A + "/findings.sarif").json();
    JsonNode rule = sarif.at("/runs/0/tool/driver/rules/0");
    assertThat(rule.at("/id").asText()).isEqualTo("CVE-2031-0001");
    assertThat(rule.at("/properties/kev").asBoolean()).isTrue();
    assertThat(rule.at("/properties/tags").toString()).contains("external/cwe/cwe-79");
    Response vex = get(base + "/v1/images/" + A + "/findings.vex");
    JsonNode bom = vex.json();
    assertThat(SbomSchemas.cycloneDx16(bom)).isEmpty();
    JsonNode kevVuln = null;
    for (JsonNode v : bom.at("/vulnerabilities")) {
      if (v.at("/id").asText().equals("CVE-2031-0001")) {
        kevVuln = v;
      }
    }
    assertThat(kevVuln).isNotNull();
    assertThat(kevVuln.at("/cwes/0").asInt()).isEqualTo(79);
    assertThat(kevVuln.at("/properties").toString())
        .contains("tallyman:vulnerability:kev")
        .contains("tallyman:vulnerability:epss");
  }

  @Test
  void whereDeployedAnswersFromEveryPackageOfTheSboms() {
    JsonNode libc = ok("/v1/packages?purl=" + enc("pkg:deb/debian/libc6"));
    assertThat(libc.at("/scope").asText()).isEqualTo("all-packages");
    assertThat(digests(libc.at("/images"))).contains(A, SWAP).doesNotContain(B);
    JsonNode ssl = ok("/v1/packages?purl=" + enc(OPENSSL.getPurl()));
    assertThat(digests(ssl.at("/images"))).containsExactlyInAnyOrder(A, B);
    assertThat(image(ssl, A).at("/packages/0/vulnerabilities").toString())
        .isEqualTo("[\"CVE-2031-0001\"]");
    assertThat(image(ssl, A).at("/locations")).hasSize(2);
  }

  @Test
  void theSbomExportIsRebuiltFromThePackagesAndValidAgainstTheSchemas() {
    Response cdx = get(base + "/v1/images/" + A + "/sbom?format=cyclonedx-json");
    assertThat(cdx.status()).as(cdx.body()).isEqualTo(200);
    assertThat(cdx.header("content-type")).startsWith("application/vnd.cyclonedx+json");
    JsonNode bom = cdx.json();
    assertThat(SbomSchemas.cycloneDx16(bom)).isEmpty();
    List<String> names = new ArrayList<>();
    bom.at("/components").forEach(c -> names.add(c.at("/name").asText()));
    assertThat(names).contains("openssl", "zlib1g", "libc6", "bash", "debian");
    assertThat(bom.at("/metadata/component/version").asText()).isEqualTo(A);
    assertThat(bom.at("/metadata/component/name").asText()).isEqualTo(R + "/payments/api:1");

    Response spdx = get(base + "/v1/images/" + A + "/sbom?format=spdx-json");
    assertThat(spdx.status()).isEqualTo(200);
    assertThat(SbomSchemas.spdx23(spdx.json())).isEmpty();
    assertThat(spdx.body()).contains("libc6");
    // the default is CycloneDX
    assertThat(get(base + "/v1/images/" + A + "/sbom").json().at("/bomFormat").asText())
        .isEqualTo("CycloneDX");

    Response xml = badRequest(base + "/v1/images/" + A + "/sbom?format=xml");
    assertThat(xml.json().at("/reason").asText()).contains("cyclonedx-json or spdx-json");
    assertThat(get(base + "/v1/images/" + digest("never") + "/sbom").status()).isEqualTo(404);
    assertThat(get(base + "/v1/images/latest/sbom").status()).isEqualTo(400);
  }

  @Test
  void aNewerSbomReplacesThePackagesAndAnOlderOneIsIgnored() throws Exception {
    Sbom first = Reports.sbom(IMAGE_SWAP, LIBC).build();
    Sbom newer =
        Reports.sbom(IMAGE_SWAP, CURL)
            .setAnalyzedAt(Timestamp.newBuilder().setSeconds(1_800_000_000L))
            .build();
    ReportTestSupport.publish(producer, topics.sboms(), SWAP, newer);
    await()
        .atMost(WAIT)
        .until(() -> sbomNames(SWAP).contains("curl") && !sbomNames(SWAP).contains("libc6"));
    // the packages the newer SBOM no longer lists are deleted by id
    await()
        .atMost(WAIT)
        .until(
            () ->
                !digests(ok("/v1/packages?purl=" + enc("pkg:deb/debian/libc6")).at("/images"))
                    .contains(SWAP));
    assertThat(digests(ok("/v1/packages?purl=" + enc("pkg:deb/debian/curl")).at("/images")))
        .contains(SWAP);

    // a replay of the older SBOM changes nothing
    RecordMetadata old = ReportTestSupport.publish(producer, topics.sboms(), SWAP, first);
    awaitConsumed(group + "-sboms", old);
    assertThat(sbomNames(SWAP)).contains("curl").doesNotContain("libc6");
  }

  @Test
  void deletesRemoveLocationsThenMarkTheImageAndItsFindingsDeleted() throws Exception {
    String lane = topics.imageEvents();
    // a push is ignored; garbage is dead-lettered with its cause
    ReportTestSupport.publish(
        producer,
        lane,
        GONE,
        event(GONE, ImageAction.IMAGE_ACTION_PUSH, loc(R, "payments/del", "1")));
    String junkKey = "junk-" + UUID.randomUUID();
    ReportTestSupport.publishRaw(
        producer, lane, junkKey, "not an event".getBytes(StandardCharsets.UTF_8));

    // 1: the shop repository goes (every tag of it)
    ReportTestSupport.publish(
        producer, lane, GONE, event(GONE, ImageAction.IMAGE_ACTION_DELETE, loc(R, "shop/del", "")));
    await()
        .atMost(WAIT)
        .until(() -> ok("/v1/findings?q=" + enc("repository:shop/del")).at("/total").asInt() == 0);
    assertThat(ok("/v1/findings?digest=" + GONE).at("/total").asInt()).isEqualTo(2);
    assertThat(ok("/v1/images/" + GONE).at("/image/locations")).hasSize(2);
    // a partial delete keeps the packages' open vulnerabilities
    assertThat(
            image(ok("/v1/packages?name=curl"), GONE).at("/packages/0/vulnerabilities").toString())
        .isEqualTo("[\"CVE-2032-0002\"]");

    // 2: one tag, on the bulk lane
    ReportTestSupport.publish(
        producer,
        topics.imageEventsBulk(),
        GONE,
        event(GONE, ImageAction.IMAGE_ACTION_DELETE, loc(R, "payments/del", "1")));
    await().atMost(WAIT).until(() -> ok("/v1/images/" + GONE).at("/image/locations").size() == 1);
    assertThat(ok("/v1/images/" + GONE).at("/image/tags").toString()).isEqualTo("[\"2\"]");

    // 3: the last location: the image and its findings are deleted
    ImageEvent last = event(GONE, ImageAction.IMAGE_ACTION_DELETE, loc(R, "payments/del", ""));
    ReportTestSupport.publish(producer, lane, GONE, last);
    await().atMost(WAIT).until(() -> ok("/v1/findings?digest=" + GONE).at("/total").asInt() == 0);
    JsonNode deleted = ok("/v1/findings?digest=" + GONE + "&include_deleted=true");
    assertThat(deleted.at("/total").asInt()).isEqualTo(2);
    assertThat(deleted.at("/items/0/lifecycle/status").asText()).isEqualTo("deleted");
    assertThat(ok("/v1/findings?q=" + enc("status:deleted")).at("/total").asInt()).isEqualTo(2);
    assertThat(get(base + "/v1/vulnerabilities/CVE-2032-0001/images").status()).isEqualTo(404);
    assertThat(
            digests(
                ok("/v1/vulnerabilities/CVE-2032-0001/images?include_deleted=true").at("/images")))
        .containsExactly(GONE);
    assertThat(digests(ok("/v1/packages?name=curl").at("/images"))).doesNotContain(GONE);
    JsonNode withDeleted = ok("/v1/packages?name=curl&include_deleted=true");
    assertThat(digests(withDeleted.at("/images"))).contains(GONE);
    // its findings are deleted, so none is open on its packages any more
    assertThat(image(withDeleted, GONE).at("/packages/0/name").asText()).isEqualTo("curl");
    assertThat(image(withDeleted, GONE).at("/packages/0/vulnerabilities").size()).isZero();
    assertThat(ok("/v1/findings/facets?by=vulnerability").toString()).doesNotContain("CVE-2032");
    assertThat(ok("/v1/scans/" + GONE).at("/stages/indexing/status").asText()).isEqualTo("deleted");
    // history keeps them: affected before the delete, not after
    assertThat(ok("/v1/images/" + GONE + "/findings?at=2024-01-01").at("/affected").asBoolean())
        .isTrue();
    assertThat(ok("/v1/images/" + GONE + "/findings").at("/affected").asBoolean()).isFalse();

    // the same delete again, and the (older) report again: nothing changes
    ReportTestSupport.publish(producer, lane, GONE, last);
    RecordMetadata again = ReportTestSupport.publish(producer, topics.findings(), IMAGE_GONE);
    awaitConsumed(group, again);
    assertThat(ok("/v1/findings?digest=" + GONE).at("/total").asInt()).isZero();
    assertThat(ok("/v1/findings?digest=" + GONE + "&include_deleted=true").at("/total").asInt())
        .isEqualTo(2);

    List<ConsumerRecord<String, byte[]>> parked =
        ReportTestSupport.read(bootstrap, Topics.dlq(lane), 10, Duration.ofSeconds(20)).stream()
            .filter(r -> junkKey.equals(r.key()))
            .toList();
    assertThat(parked).hasSize(1);
    assertThat(header(parked.get(0), KafkaHeaders.DLQ_ERROR_MESSAGE))
        .contains("not an ImageEvent protobuf");
  }

  static ImageEvent event(String digest, ImageAction action, ImageLocation at) {
    Instant now = Instant.now();
    return ImageEvent.newBuilder()
        .setEventId("e-" + UUID.randomUUID())
        .setRegistry(at.getRegistry())
        .setRepository(at.getRepository())
        .setTag(at.getTag())
        .setDigest(digest)
        .setSource(EventSource.EVENT_SOURCE_DISTRIBUTION_WEBHOOK)
        .setReceivedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
        .setAction(action)
        .addLocations(at)
        .build();
  }

  private static void awaitConsumed(String consumerGroup, RecordMetadata m) {
    TopicPartition tp = new TopicPartition(m.topic(), m.partition());
    await()
        .atMost(WAIT)
        .until(
            () ->
                ReportTestSupport.committed(bootstrap, consumerGroup).getOrDefault(tp, -1L)
                    > m.offset());
  }

  private static List<String> sbomNames(String digest) {
    List<String> names = new ArrayList<>();
    get(base + "/v1/images/" + digest + "/sbom")
        .json()
        .at("/components")
        .forEach(c -> names.add(c.at("/name").asText()));
    return names;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }

  private static JsonNode ok(String path) {
    return ReportTestSupport.ok(base, path);
  }

  private static List<String> digests(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(
        i -> out.add(i.has("digest") ? i.at("/digest").asText() : i.at("/image/digest").asText()));
    return out;
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
