package dev.tallyman.report.search.ql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode es(String q) throws Exception {
    return JSON.readTree(
        JsonpUtils.toJsonString(QueryParser.parse(q).query(), new JacksonJsonpMapper()));
  }

  @Test
  void theExampleBecomesOneBoolFilter() throws Exception {
    JsonNode q = es("severity:critical AND kev:true AND repository:payments/* AND fixable:true");
    JsonNode f = q.at("/bool/filter");
    assertThat(f.size()).isEqualTo(4);
    assertThat(f.at("/0/term/vulnerability.severity/value").asText()).isEqualTo("critical");
    assertThat(f.at("/1/term/tallyman.vulnerability.kev/value").asBoolean()).isTrue();
    assertThat(f.at("/2/wildcard/tallyman.image.repository/value").asText())
        .isEqualTo("payments/*");
    assertThat(f.at("/3/term/tallyman.vulnerability.fixable/value").asBoolean()).isTrue();
  }

  /** The user's half of a scoped location term (before the intersection with the scope). */
  private static String scopedPattern(String q, String field) throws Exception {
    LocationScope scope = new LocationScope("V", "W");
    JsonNode n =
        JSON.readTree(
            JsonpUtils.toJsonString(QueryParser.parse(q, scope).query(), new JacksonJsonpMapper()));
    String value = n.at("/regexp/" + field + "/value").asText();
    assertThat(n.at("/regexp/" + field + "/flags").asText()).isEqualTo("ALL");
    String scopePart = field.equals(LocationScope.NAME_FIELD) ? "V" : "W";
    assertThat(value).startsWith("(").endsWith(")&(" + scopePart + ")");
    return value.substring(1, value.length() - ("(" + scopePart + ")").length() - 2);
  }

  @Test
  void locationTermsOfARestrictedCallerAreIntersectedWithItsScope() throws Exception {
    // The user halves are plain regular expressions here, so java.util.regex can judge them.
    String repo = scopedPattern("repository:pay*", LocationScope.NAME_FIELD);
    assertThat("reg:5000/payments/api").matches(repo);
    assertThat("reg:5000/shop/pay").doesNotMatch(repo);
    String registry = scopedPattern("registry:reg?5000", LocationScope.NAME_FIELD);
    assertThat("reg:5000/any/thing").matches(registry);
    assertThat("other/reg:5000/x").doesNotMatch(registry);
    String image = scopedPattern("image:\"reg:5000/a.b\"", LocationScope.NAME_FIELD);
    assertThat("reg:5000/a.b").matches(image);
    assertThat("reg:5000/axb").as("quoted: '.' is literal").doesNotMatch(image);
    String tag = scopedPattern("tag:v1*", LocationScope.LOCATION_FIELD);
    assertThat("reg|shop/web|v1.2").matches(tag);
    assertThat("reg|v1|latest").doesNotMatch(tag);
    // other fields and unrestricted callers are untouched
    assertThat(es("repository:pay*").at("/wildcard/tallyman.image.repository/value").asText())
        .isEqualTo("pay*");
    JsonNode pkg =
        JSON.readTree(
            JsonpUtils.toJsonString(
                QueryParser.parse("package:openssl", new LocationScope("V", "W")).query(),
                new JacksonJsonpMapper()));
    assertThat(pkg.at("/term/package.name/value").asText()).isEqualTo("openssl");
  }

  @Test
  void andBindsTighterThanOrAndParenthesesGroup() throws Exception {
    JsonNode q = es("severity:low OR severity:high package:openssl");
    assertThat(q.at("/bool/should").size()).isEqualTo(2);
    assertThat(q.at("/bool/minimum_should_match").asText()).isEqualTo("1");
    assertThat(q.at("/bool/should/1/bool/filter").size()).isEqualTo(2); // implicit AND

    JsonNode g = es("(severity:low OR severity:high) AND package:openssl");
    assertThat(g.at("/bool/filter/0/bool/should").size()).isEqualTo(2);
    assertThat(g.at("/bool/filter/1/term/package.name/value").asText()).isEqualTo("openssl");
  }

  @Test
  void notAndMinusNegate() throws Exception {
    assertThat(
            es("NOT status:fixed")
                .at("/bool/must_not/0/term/tallyman.finding.status/value")
                .asText())
        .isEqualTo("fixed");
    assertThat(es("-package:bash").at("/bool/must_not/0/term/package.name/value").asText())
        .isEqualTo("bash");
    assertThat(QueryParser.parse("NOT status:fixed").mentionsStatus()).isTrue();
    assertThat(QueryParser.parse("severity:high").mentionsStatus()).isFalse();
  }

  @Test
  void quotedValuesKeepSpacesColonsAndEscapedQuotes() throws Exception {
    assertThat(es("path:\"usr/lib/my dir/a.jar\"").at("/term/package.path/value").asText())
        .isEqualTo("usr/lib/my dir/a.jar");
    assertThat(es("package:\"say \\\"hi\\\"\"").at("/term/package.name/value").asText())
        .isEqualTo("say \"hi\"");
    // bare values may hold colons (purls, registries with ports)
    assertThat(
            es("purl:pkg:deb/debian/openssl@3.0.11")
                .at("/term/tallyman.package.purl/value")
                .asText())
        .isEqualTo("pkg:deb/debian/openssl@3.0.11");
    // quoted wildcards are literal
    assertThat(es("package:\"lib*\"").at("/term/package.name/value").asText()).isEqualTo("lib*");
  }

  @Test
  void vulnerabilityMatchesIdOrAliasCaseInsensitively() throws Exception {
    JsonNode q = es("cve:cve-2024-0727");
    assertThat(q.at("/bool/should/0/term/vulnerability.id/case_insensitive").asBoolean()).isTrue();
    assertThat(q.at("/bool/should/1/term/tallyman.vulnerability.aliases/value").asText())
        .isEqualTo("cve-2024-0727");
  }

  @Test
  void comparisonsOnNumbersDatesAndSeverity() throws Exception {
    assertThat(es("cvss>=9").at("/range/vulnerability.score.base/gte").asDouble()).isEqualTo(9.0);
    assertThat(es("first_seen<2024-03-01").at("/range/tallyman.finding.first_seen/lt").asText())
        .isEqualTo("2024-03-01T00:00:00Z");
    assertThat(es("severity>=high").at("/range/tallyman.vulnerability.severity_rank/gte").asInt())
        .isEqualTo(4);
    JsonNode day = es("fixed_at:2024-03-01").at("/range/tallyman.finding.fixed_at");
    assertThat(day.at("/gte").asText()).isEqualTo("2024-03-01T00:00:00Z");
    assertThat(day.at("/lt").asText()).isEqualTo("2024-03-02T00:00:00Z");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "severity:critical AND|21|expected a term",
        "(severity:critical|0|'(' is never closed",
        "severity:critical)|17|unbalanced ')'",
        "sevrity:critical|0|unknown field 'sevrity'",
        "severity critical|8|expected ':' after field",
        "severity:extreme|9|unknown severity 'extreme'",
        "fixable:maybe|8|fixable is true or false",
        "cvss>high|5|cvss needs a number",
        "package:\"open|8|unterminated quoted value",
        "package:|8|expected a value",
        "first_seen>last-week|11|first_seen needs a date",
        "repository>a|11|repository cannot be compared",
        "status:gone|7|status is open, reopened or fixed",
      })
  void errorsSayWhereAndWhy(String q, int position, String reason) {
    assertThatThrownBy(() -> QueryParser.parse(q))
        .isInstanceOf(QuerySyntaxException.class)
        .hasMessageContaining("position " + position + ":")
        .hasMessageContaining(reason);
  }

  @Test
  void inputIsBounded() {
    assertThatThrownBy(() -> QueryParser.parse("(".repeat(40) + "package:a" + ")".repeat(40)))
        .hasMessageContaining("nested deeper than 32");
    assertThatThrownBy(() -> QueryParser.parse("NOT ".repeat(40) + "package:a"))
        .hasMessageContaining("nested deeper than 32");
    assertThatThrownBy(() -> QueryParser.parse("package:a ".repeat(65)))
        .hasMessageContaining("more than 64 terms");
    assertThatThrownBy(() -> QueryParser.parse("package:" + "a".repeat(2001)))
        .hasMessageContaining("longer than 2000");
    assertThatThrownBy(() -> QueryParser.parse("   ")).hasMessageContaining("empty query");
    assertThatThrownBy(() -> QueryParser.parse("package:a\u0000b"))
        .hasMessageContaining("control characters");
  }
}
