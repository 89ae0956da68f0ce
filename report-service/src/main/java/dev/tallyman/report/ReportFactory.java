package dev.tallyman.report;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.tallyman.report.index.FindingsIndex;
import dev.tallyman.report.index.IndexLayout;
import dev.tallyman.report.kafka.FindingsBatchWork;
import dev.tallyman.report.search.FacetSearch;
import dev.tallyman.report.search.FindingsSearch;
import dev.tallyman.report.search.ImageMatchSearch;
import dev.tallyman.report.search.ImageReportSearch;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

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
  ImageReportSearch imageReportSearch(ElasticsearchClient client, IndexLayout layout) {
    return new ImageReportSearch(client, layout);
  }

  @Singleton
  FindingsBatchWork findingsBatchWork(FindingsIndex index) {
    return new FindingsBatchWork(index);
  }
}
