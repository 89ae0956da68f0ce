package dev.tallyman.report.access;

import static dev.tallyman.report.Reports.digest;
import static dev.tallyman.report.Reports.finding;
import static dev.tallyman.report.Reports.pkg;
import static dev.tallyman.report.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.ReportService;
import dev.tallyman.report.ReportTestSupport;
import dev.tallyman.report.ReportTestSupport.Response;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two tenants on one index behind API tokens and OIDC JWTs (JWKS served by a local HttpServer): no
 * search, count, facet, blast radius, package lookup, report, history or export of one tenant shows
 * the other's findings; 401 and 403 carry reasons.
 */
class AuthTenancyTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String REG = "127.0.0.1:5000";
  private static final String ISSUER = "https://issuer.tallyman.test";

  private static final String PAY = digest("pay-" + UUID.randomUUID());
  private static final String LEGACY = digest("legacy-" + UUID.randomUUID());
  private static final String SHOP = digest("shop-" + UUID.randomUUID());
  private static final String ELSEWHERE = digest("else-" + UUID.randomUUID());

  /** One digest in both tenants' repositories (payments/shared and shop/shared). */
  private static final String SHARED = digest("shared-" + UUID.randomUUID());

  static FindingsReport shared() {
    FindingsReport.Builder b =
        image(SHARED, REG, "payments/shared", "CVE-2024-4444").toBuilder()
            .addLocations(
                dev.tallyman.proto.v1.ImageLocation.newBuilder()
                    .setRegistry(REG)
                    .setRepository("payments/shared")
                    .setTag("1"))
            .addLocations(
                dev.tallyman.proto.v1.ImageLocation.newBuilder()
                    .setRegistry(REG)
                    .setRepository("shop/shared")
                    .setTag("s1"));
    return b.build();
  }

  private static final String PAY_TOKEN = ApiTokens.newToken();
  private static final String SHOP_TOKEN = ApiTokens.newToken();
  private static final String ADMIN_TOKEN = ApiTokens.newToken();
  private static final String NOBODY_TOKEN = ApiTokens.newToken();

  private static ReportService service;
  private static HttpServer jwks;
  private static RSAKey key;
  private static String base;

  static FindingsReport image(String d, String registry, String repo, String... vulns) {
    FindingsReport.Builder b = report(d, registry, repo, "1");
    for (String v : vulns) {
      b.addFindings(
          finding(
              v,
              Severity.SEVERITY_HIGH,
              7.5,
              "",
              pkg(v.equals("CVE-2024-0727") ? "openssl" : "lib-" + v, "1.0")));
    }
    return b.build();
  }

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks.createContext(
        "/jwks",
        ex -> {
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    jwks.start();

    service =
        ReportService.start(
            "at",
            Map.of(
                "tallyman.report.auth.tokens",
                List.of(
                    ApiTokens.hashHex(PAY_TOKEN) + " pay-ci viewer " + REG + "/payments",
                    ApiTokens.hashHex(SHOP_TOKEN) + " shop-ops operator " + REG + "/shop/",
                    ApiTokens.hashHex(ADMIN_TOKEN) + " root admin */",
                    ApiTokens.hashHex(NOBODY_TOKEN) + " nobody viewer"),
                "tallyman.report.auth.jwks-url",
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks",
                "tallyman.report.auth.issuer",
                ISSUER,
                "tallyman.report.auth.audience",
                "tallyman"));
    base = service.base();
    try (KafkaProducer<String, byte[]> producer = ReportTestSupport.producer(service.bootstrap())) {
      String topic = service.topics().findings();
      String sboms = service.topics().sboms();
      for (FindingsReport r :
          List.of(
              image(PAY, REG, "payments/api", "CVE-2024-0727", "CVE-2024-1111"),
              image(LEGACY, REG, "payments-legacy/app", "CVE-2024-0727"),
              image(SHOP, REG, "shop/web", "CVE-2024-0727", "CVE-2024-2222", "CVE-2024-3333"),
              image(ELSEWHERE, "127.0.0.2:5000", "payments/api", "CVE-2024-0727"),
              shared())) {
        ReportTestSupport.publish(producer, topic, r);
        ReportTestSupport.publish(
            producer, sboms, r.getImageDigest(), dev.tallyman.report.Reports.sbom(r).build());
      }
    }
    await().atMost(WAIT).until(() -> total(ADMIN_TOKEN, "") == 8);
    // the image documents and packages follow the findings once each report is complete
    for (String d : List.of(PAY, LEGACY, SHOP, ELSEWHERE, SHARED)) {
      await().atMost(WAIT).until(() -> call(ADMIN_TOKEN, "/v1/scans/" + d).status() == 200);
      await()
          .atMost(WAIT)
          .until(() -> call(ADMIN_TOKEN, "/v1/images/" + d + "/sbom").status() == 200);
    }
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (jwks != null) {
      jwks.stop(0);
    }
  }

  @Test
  void withoutValidCredentialsEveryDataEndpointIs401WithAReason() {
    for (String path :
        List.of(
            "/v1/findings",
            "/v1/findings/facets?by=severity",
            "/v1/vulnerabilities/CVE-2024-0727/images",
            "/v1/packages?name=openssl",
            "/v1/images/" + PAY,
            "/v1/images/" + PAY + "/findings.sarif",
            "/v1/images/" + PAY + "/findings.csv",
            "/v1/images/" + PAY + "/findings",
            "/v1/scans/" + PAY,
            "/prometheus")) {
      Response none = call(null, path);
      assertThat(none.status()).as(path).isEqualTo(401);
      assertThat(none.json().at("/reason").asText()).contains("Authorization");
      assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(call(ApiTokens.newToken(), path).json().at("/reason").asText())
          .isEqualTo("unknown API token");
    }
    assertThat(call("Basic abc", "/v1/findings", true).status()).isEqualTo(401);
    // public: health and the API description
    assertThat(call(null, "/health").status()).isEqualTo(200);
    assertThat(call(null, "/openapi").status()).isEqualTo(200);
  }

  @Test
  void rolesGateTheOperatorAndAdminEndpoints() {
    Response viewer = call(PAY_TOKEN, "/v1/scans/" + PAY);
    assertThat(viewer.status()).isEqualTo(403);
    assertThat(viewer.json().at("/reason").asText()).contains("pay-ci").contains("operator");
    assertThat(call(SHOP_TOKEN, "/v1/scans/" + SHOP).status()).isEqualTo(200);
    // an operator of another tenant does not learn the digest exists
    assertThat(call(SHOP_TOKEN, "/v1/scans/" + PAY).status()).isEqualTo(404);
    assertThat(call(SHOP_TOKEN, "/prometheus").status()).isEqualTo(403);
    assertThat(call(ADMIN_TOKEN, "/prometheus").status()).isEqualTo(200);
  }

  @Test
  void searchAndCountsOnlyShowTheCallersTenant() {
    // not payments-legacy, not the other registry; the shared digest is in both tenants
    assertThat(total(PAY_TOKEN, "")).isEqualTo(3);
    assertThat(total(SHOP_TOKEN, "")).isEqualTo(4);
    assertThat(total(NOBODY_TOKEN, "")).isZero();
    assertThat(total(PAY_TOKEN, "&vulnerability=CVE-2024-0727")).isEqualTo(1);
    assertThat(total(PAY_TOKEN, "&q=" + enc("repository:shop/web OR repository:payments*")))
        .isEqualTo(3);
    assertThat(digests(call(PAY_TOKEN, "/v1/findings?size=50").json().at("/items")))
        .containsExactlyInAnyOrder(PAY, SHARED);
    // a finding id of the other tenant is not found
    String shopId = call(SHOP_TOKEN, "/v1/findings?size=1").json().at("/items/0/id").asText();
    assertThat(call(SHOP_TOKEN, "/v1/findings/" + shopId).status()).isEqualTo(200);
    assertThat(call(PAY_TOKEN, "/v1/findings/" + shopId).status()).isEqualTo(404);
    // PIT paging keeps the filter on every page
    JsonNode first = call(PAY_TOKEN, "/v1/findings?size=1&cursor=*").json();
    JsonNode second =
        call(PAY_TOKEN, "/v1/findings?size=1&cursor=" + enc(first.at("/next").asText())).json();
    assertThat(first.at("/total").asInt()).isEqualTo(3);
    assertThat(digests(second.at("/items"))).containsExactly(PAY);
  }

  @Test
  void facetsBlastRadiusAndWhereDeployedAreScoped() {
    JsonNode facets = call(PAY_TOKEN, "/v1/findings/facets?by=repository,vulnerability").json();
    assertThat(facets.at("/total").asInt()).isEqualTo(3);
    assertThat(facets.at("/facets/repository/buckets").size()).isEqualTo(2);
    assertThat(facets.at("/facets/repository/buckets/0/value").asText())
        .isEqualTo(REG + "/payments/api");
    assertThat(facets.at("/facets/repository/buckets/1/value").asText())
        .isEqualTo(REG + "/payments/shared");
    assertThat(facets.at("/facets/repository/other").asInt()).isZero();

    JsonNode blast = call(PAY_TOKEN, "/v1/vulnerabilities/CVE-2024-0727/images").json();
    assertThat(digests(blast.at("/images"))).containsExactly(PAY);
    JsonNode all = call(ADMIN_TOKEN, "/v1/vulnerabilities/CVE-2024-0727/images").json();
    assertThat(digests(all.at("/images"))).containsExactlyInAnyOrder(PAY, LEGACY, SHOP, ELSEWHERE);
    assertThat(call(PAY_TOKEN, "/v1/vulnerabilities/CVE-2024-3333/images").status()).isEqualTo(404);

    JsonNode deployed = call(SHOP_TOKEN, "/v1/packages?name=openssl").json();
    assertThat(digests(deployed.at("/images"))).containsExactly(SHOP);
    assertThat(deployed.at("/images/0/packages/0/vulnerabilities").toString())
        .isEqualTo("[\"CVE-2024-0727\"]");
    assertThat(deployed.toString()).doesNotContain("payments");
    JsonNode pay = call(PAY_TOKEN, "/v1/packages?name=openssl").json();
    assertThat(digests(pay.at("/images"))).containsExactly(PAY);
    assertThat(pay.at("/images/0/packages/0/vulnerabilities").toString())
        .isEqualTo("[\"CVE-2024-0727\"]");
    // another tenant's package is not there to see, vulnerable or not
    assertThat(call(PAY_TOKEN, "/v1/packages?name=lib-CVE-2024-2222").json().at("/images"))
        .isEmpty();
    assertThat(
            call(ADMIN_TOKEN, "/v1/packages?name=lib-CVE-2024-2222")
                .json()
                .at("/images/0/packages/0/vulnerabilities")
                .toString())
        .isEqualTo("[\"CVE-2024-2222\"]");
  }

  /**
   * A digest in two tenants' repositories: each tenant sees the digest and its findings, but only
   * its own location — in findings, the image report, blast radius, where deployed, facets, SBOM.
   */
  @Test
  void aDigestInTwoTenantsRepositoriesShowsEachOnlyItsOwnLocation() {
    JsonNode pay = call(PAY_TOKEN, "/v1/findings?vulnerability=CVE-2024-4444").json();
    assertThat(pay.at("/total").asInt()).isEqualTo(1);
    assertThat(pay.at("/items/0/image/repository").asText()).isEqualTo("payments/shared");
    assertThat(pay.at("/items/0/image/locations").toString())
        .contains("payments/shared")
        .doesNotContain("shop/");
    JsonNode shop = call(SHOP_TOKEN, "/v1/findings?vulnerability=CVE-2024-4444").json();
    assertThat(shop.at("/total").asInt()).isEqualTo(1);
    assertThat(shop.at("/items/0/image/repository").asText()).isEqualTo("shop/shared");
    assertThat(shop.at("/items/0/image/tags").toString()).isEqualTo("[\"s1\"]");
    assertThat(shop.toString()).doesNotContain("payments");
    JsonNode admin = call(ADMIN_TOKEN, "/v1/findings?vulnerability=CVE-2024-4444").json();
    assertThat(admin.at("/items/0/image/locations")).hasSize(2);

    assertThat(call(SHOP_TOKEN, "/v1/images/" + SHARED).body()).doesNotContain("payments");
    assertThat(call(PAY_TOKEN, "/v1/images/" + SHARED).body()).doesNotContain("shop/");
    assertThat(call(SHOP_TOKEN, "/v1/vulnerabilities/CVE-2024-4444/images").body())
        .contains("shop/shared")
        .doesNotContain("payments");
    assertThat(call(SHOP_TOKEN, "/v1/packages?name=lib-CVE-2024-4444").body())
        .contains("shop/shared")
        .doesNotContain("payments");
    // facets name only the caller's repositories, though the finding is counted
    JsonNode facets =
        call(SHOP_TOKEN, "/v1/findings/facets?by=repository&vulnerability=CVE-2024-4444").json();
    assertThat(facets.at("/total").asInt()).isEqualTo(1);
    assertThat(facets.at("/facets/repository/buckets").toString())
        .contains(REG + "/shop/shared")
        .doesNotContain("payments");
    Response sbom = call(SHOP_TOKEN, "/v1/images/" + SHARED + "/sbom");
    assertThat(sbom.status()).isEqualTo(200);
    assertThat(sbom.body()).contains("shop/shared").doesNotContain("payments");
    assertThat(total(SHOP_TOKEN, "&q=" + enc("repository:shop/*"))).isEqualTo(4);
    assertThat(call(PAY_TOKEN, "/v1/images/" + SHOP + "/sbom").status()).isEqualTo(404);
  }

  /**
   * Location terms match only the caller's own locations: payments cannot learn by asking for
   * shop's repository, image name or tag that the shared digest also lives there (ADR 0015).
   */
  @Test
  void locationTermsCannotProbeAnotherTenantsLocationsOfASharedDigest() {
    for (String q :
        List.of(
            "repository:shop/*",
            "repository:shop/shared",
            "repository:*shop*",
            "image:" + REG + "/shop/shared",
            "image:*/shop/*",
            "tag:s1",
            "tag:s?")) {
      assertThat(total(PAY_TOKEN, "&q=" + enc(q))).as(q).isZero();
    }
    assertThat(total(PAY_TOKEN, "&repository=shop/shared")).isZero();
    assertThat(total(PAY_TOKEN, "&repository=" + enc(REG + "/shop/shared"))).isZero();
    assertThat(
            call(PAY_TOKEN, "/v1/findings/facets?by=vulnerability&q=" + enc("tag:s1"))
                .json()
                .at("/total")
                .asInt())
        .isZero();
    // NOT over a location: judged on the caller's locations only, so nothing is left out ...
    assertThat(total(PAY_TOKEN, "&q=" + enc("NOT repository:shop/*"))).isEqualTo(3);
    // ... and its own locations still match, exactly and by pattern
    assertThat(total(PAY_TOKEN, "&q=" + enc("repository:payments/shared AND tag:1"))).isEqualTo(1);
    assertThat(total(PAY_TOKEN, "&repository=payments/shared")).isEqualTo(1);
    assertThat(total(PAY_TOKEN, "&q=" + enc("image:*/payments/* AND registry:" + REG)))
        .isEqualTo(3);
    assertThat(total(SHOP_TOKEN, "&q=" + enc("tag:s1"))).isEqualTo(1);
    assertThat(total(SHOP_TOKEN, "&q=" + enc("repository:payments/*"))).isZero();
    // a pattern too long to confine (or too complex for Lucene) is a 400 with a reason, not a 500
    Response tooLong = call(PAY_TOKEN, "/v1/findings?q=" + enc("repository:" + "*a?".repeat(300)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body()).contains("location pattern is too long");
    Response unscoped =
        call(ADMIN_TOKEN, "/v1/findings?q=" + enc("repository:" + "*a?".repeat(600)));
    assertThat(unscoped.status()).as(unscoped.body()).isIn(200, 400);
    // an unrestricted caller still sees the digest under both
    assertThat(total(ADMIN_TOKEN, "&q=" + enc("repository:shop/shared AND tag:1"))).isEqualTo(1);
  }

  @Test
  void reportsHistoryAndExportsOfAnotherTenantAreNotFound() {
    assertThat(call(PAY_TOKEN, "/v1/images/" + PAY).status()).isEqualTo(200);
    assertThat(call(PAY_TOKEN, "/v1/images/" + SHOP).status()).isEqualTo(404);
    Response sarif = call(SHOP_TOKEN, "/v1/images/" + SHOP + "/findings.sarif");
    assertThat(sarif.status()).isEqualTo(200);
    assertThat(sarif.body()).contains("CVE-2024-3333");
    assertThat(call(PAY_TOKEN, "/v1/images/" + SHOP + "/findings.sarif").status()).isEqualTo(404);
    assertThat(call(PAY_TOKEN, "/v1/images/" + SHOP + "/findings.csv").status()).isEqualTo(404);
    JsonNode history = call(PAY_TOKEN, "/v1/images/" + SHOP + "/findings").json();
    assertThat(history.at("/affected").asBoolean()).isFalse();
    assertThat(call(SHOP_TOKEN, "/v1/images/" + SHOP + "/findings").json().at("/findings").size())
        .isEqualTo(3);
  }

  @Test
  void oidcTokensAreVerifiedAgainstTheJwks() throws Exception {
    String alice =
        jwt(key, "alice", List.of("viewer"), List.of(REG + "/shop"), ISSUER, "tallyman", 300);
    assertThat(total(alice, "")).isEqualTo(4);
    assertThat(digests(call(alice, "/v1/findings?size=50").json().at("/items")))
        .containsExactlyInAnyOrder(SHOP, SHARED);

    Response expired =
        call(
            jwt(key, "alice", List.of("viewer"), List.of(REG + "/shop"), ISSUER, "tallyman", -600),
            "/v1/findings");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().at("/reason").asText())
        .contains("invalid JWT")
        .containsIgnoringCase("expired");

    RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
    assertThat(
            call(
                    jwt(other, "mallory", List.of("admin"), List.of("*/"), ISSUER, "tallyman", 300),
                    "/v1/findings")
                .status())
        .isEqualTo(401);
    assertThat(
            call(
                    jwt(
                        key,
                        "alice",
                        List.of("viewer"),
                        List.of("*/"),
                        "https://evil.test",
                        "tallyman",
                        300),
                    "/v1/findings")
                .status())
        .isEqualTo(401);
    assertThat(
            call(
                    jwt(key, "alice", List.of("viewer"), List.of("*/"), ISSUER, "other-api", 300),
                    "/v1/findings")
                .status())
        .isEqualTo(401);
    Response noRole =
        call(
            jwt(key, "bob", List.of("intern"), List.of("*/"), ISSUER, "tallyman", 300),
            "/v1/findings");
    assertThat(noRole.status()).isEqualTo(403);
    assertThat(noRole.json().at("/reason").asText()).contains("no known role");
  }

  static String jwt(
      RSAKey signer,
      String sub,
      List<String> roles,
      List<String> tenants,
      String iss,
      String aud,
      long ttl)
      throws Exception {
    Instant now = Instant.now();
    SignedJWT t =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(signer.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            new JWTClaimsSet.Builder()
                .subject(sub)
                .issuer(iss)
                .audience(aud)
                .issueTime(Date.from(now.minusSeconds(Math.abs(ttl) + 60)))
                .expirationTime(Date.from(now.plusSeconds(ttl)))
                .claim("roles", roles)
                .claim("tallyman_tenants", tenants)
                .build());
    t.sign(new RSASSASigner(signer));
    return t.serialize();
  }

  private static Set<String> digests(JsonNode items) {
    Set<String> out = new TreeSet<>();
    items.forEach(
        i -> {
          String d = i.has("digest") ? i.at("/digest").asText() : i.at("/image/digest").asText();
          out.add(d);
        });
    return out;
  }

  private static int total(String token, String query) {
    Response r = call(token, "/v1/findings?size=1" + query);
    return r.status() == 200 ? r.json().at("/total").asInt() : -1;
  }

  private static Response call(String token, String path) {
    return call(token == null ? null : "Bearer " + token, path, true);
  }

  private static Response call(String authorization, String path, boolean raw) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      HttpResponse<String> r = HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (Exception e) {
      throw new AssertionError(path, e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
