package dev.tallyman.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.tallyman.report.access.ApiTokens;
import dev.tallyman.report.access.Authenticator;
import dev.tallyman.report.access.JwtVerifier;
import dev.tallyman.report.index.FindingsIndex;
import dev.tallyman.report.index.IndexLayout;
import dev.tallyman.report.kafka.FindingsBatchWork;
import dev.tallyman.report.search.FacetSearch;
import dev.tallyman.report.search.FindingsSearch;
import dev.tallyman.report.search.ImageMatchSearch;
import dev.tallyman.report.search.ImageReportSearch;
import dev.tallyman.report.search.ImageStateSearch;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.List;

/** Wires the plain-Java parts to the Elasticsearch client Micronaut builds from config. */
@Factory
public class ReportFactory {
  @Singleton
  IndexLayout indexLayout(
      @Value("${tallyman.report.index-prefix:" + IndexLayout.DEFAULT_PREFIX + "}") String prefix) {
    return new IndexLayout(prefix);
  }

  @Singleton
  FindingsIndex findingsIndex(ElasticsearchClient client, IndexLayout layout) {
    return new FindingsIndex(client, layout);
  }

  @Singleton
  FindingsSearch findingsSearch(ElasticsearchClient client, IndexLayout layout) {
    return new FindingsSearch(client, layout);
  }

  @Singleton
  FacetSearch facetSearch(ElasticsearchClient client, IndexLayout layout) {
    return new FacetSearch(client, layout);
  }

  @Singleton
  ImageMatchSearch imageMatchSearch(ElasticsearchClient client, IndexLayout layout) {
    return new ImageMatchSearch(client, layout);
  }

  @Singleton
  ImageStateSearch imageStateSearch(ElasticsearchClient client, IndexLayout layout) {
    return new ImageStateSearch(client, layout);
  }

  @Singleton
  ImageReportSearch imageReportSearch(ElasticsearchClient client, IndexLayout layout) {
    return new ImageReportSearch(client, layout);
  }

  /**
   * Authentication is on when {@code tallyman.report.auth.enabled} is true or when tokens or a JWKS
   * are configured; with it on and nothing configured, every request is refused (fail closed).
   */
  @Singleton
  Authenticator authenticator(
      @Value("${tallyman.report.auth.enabled:false}") boolean enabled,
      @Value("${tallyman.report.auth.tokens:}") List<String> tokens,
      @Value("${tallyman.report.auth.jwks-url:}") String jwksUrl,
      @Value("${tallyman.report.auth.issuer:}") String issuer,
      @Value("${tallyman.report.auth.audience:}") String audience)
      throws MalformedURLException {
    ApiTokens apiTokens = ApiTokens.parse(tokens == null ? List.of() : tokens);
    JwtVerifier jwt = null;
    if (jwksUrl != null && !jwksUrl.isBlank()) {
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalStateException("tallyman.report.auth.issuer is required with a JWKS");
      }
      jwt = new JwtVerifier(URI.create(jwksUrl).toURL(), issuer, audience);
    }
    return new Authenticator(enabled || !apiTokens.isEmpty() || jwt != null, apiTokens, jwt);
  }

  @Singleton
  FindingsBatchWork findingsBatchWork(FindingsIndex index) {
    return new FindingsBatchWork(index);
  }

  @Singleton
  dev.tallyman.report.kafka.SbomBatchWork sbomBatchWork(FindingsIndex index) {
    return new dev.tallyman.report.kafka.SbomBatchWork(index);
  }

  @Singleton
  dev.tallyman.report.kafka.ImageDeletesWork imageDeletesWork(FindingsIndex index) {
    return new dev.tallyman.report.kafka.ImageDeletesWork(index);
  }

  @Singleton
  dev.tallyman.report.search.PackageSearch packageSearch(
      ElasticsearchClient client, IndexLayout layout) {
    return new dev.tallyman.report.search.PackageSearch(client, layout);
  }
}
