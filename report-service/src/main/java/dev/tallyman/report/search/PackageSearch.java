package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.oci.Platform;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.index.IndexLayout;
import dev.tallyman.report.index.Location;
import dev.tallyman.report.index.Locations;
import dev.tallyman.report.index.PackageDocuments;
import dev.tallyman.report.index.PackageVulnerabilities;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where a package is deployed, and an image's SBOM rebuilt, from the packages index. */
public final class PackageSearch {
  /** Packages listed per image in a where-deployed answer; the count says how many matched. */
  static final int HITS_PER_IMAGE = 100;

  /** An SBOM export holds at most this many packages (far above what one image carries). */
  public static final int MAX_EXPORT_PACKAGES = 100_000;

  /** What an answer shows of a package document. */
  private static final List<String> HIT_FIELDS =
      List.of(
          "package.*",
          "tallyman.package.purl",
          "tallyman.image.*",
          "container.image.*",
          "vulnerability.*",
          "tallyman.vulnerability.*");

  private static final String IMAGES = "images";
  private static final String PACKAGES = "packages";
  private static final String DIGEST = "digest";
  private static final String KEY = PackageDocuments.KEY;

  private final ElasticsearchClient client;
  private final IndexLayout layout;

  public PackageSearch(ElasticsearchClient client, IndexLayout layout) {
    this.client = client;
    this.layout = layout;
  }

  /**
   * Images with the package, a page at a time (ordered by digest), each with its matching packages
   * and their open vulnerabilities: one search on the packages index, which keeps each package's
   * open vulnerabilities (ADR 0019).
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Deployments deployments(
      PackageLookup lookup, ImagePaging paging, Principal who, boolean includeDeleted) {
    BoolQuery.Builder b = new BoolQuery.Builder().filter(lookup.packagesFilter());
    Visibility.tenantFilter(who).ifPresent(b::filter);
    if (!includeDeleted) {
      b.mustNot(SearchRequests.term(PackageDocuments.DELETED, "true", false));
    }
    Query filter = Query.of(q -> q.bool(b.build()));
    Aggregation hits =
        Aggregation.of(
            a ->
                a.topHits(
                    t ->
                        t.size(HITS_PER_IMAGE)
                            .sort(SortOptions.of(s -> s.field(f -> f.field(KEY))))
                            .source(src -> src.filter(f -> f.includes(HIT_FIELDS)))));
    Aggregation images =
        Aggregation.of(
            a ->
                a.composite(
                        c -> {
                          c.size(paging.size())
                              .sources(
                                  List.of(
                                      Map.of(
                                          DIGEST,
                                          CompositeAggregationSource.of(
                                              s ->
                                                  s.terms(
                                                      t -> t.field("container.image.hash.all"))))));
                          if (paging.after() != null) {
                            c.after(Map.of(DIGEST, FieldValue.of(paging.after())));
                          }
                          return c;
                        })
                    .aggregations(PACKAGES, hits));
    SearchResponse<Void> r =
        Elastic.call(
            () ->
                client.search(
                    s ->
                        s.index(layout.packages().alias())
                            .query(filter)
                            .size(0)
                            .aggregations(IMAGES, images),
                    Void.class));
    List<CompositeBucket> buckets = r.aggregations().get(IMAGES).composite().buckets().array();
    Map<String, List<Map<String, ?>>> packagesOf = new LinkedHashMap<>();
    Map<String, Long> counts = new HashMap<>();
    for (CompositeBucket bucket : buckets) {
      String digest = bucket.key().get(DIGEST).stringValue();
      List<Map<String, ?>> sources = new ArrayList<>();
      for (Hit<JsonData> h : bucket.aggregations().get(PACKAGES).topHits().hits().hits()) {
        if (h.source() != null) {
          sources.add((Map<String, ?>) h.source().to(Map.class));
        }
      }
      packagesOf.put(digest, sources);
      counts.put(digest, bucket.docCount());
    }
    List<ImageMatch> out = new ArrayList<>();
    packagesOf.forEach(
        (digest, sources) -> out.add(match(digest, counts.get(digest), sources, who)));
    String next = out.size() == paging.size() ? out.get(out.size() - 1).digest() : null;
    return new Deployments(
        PackageLookup.SCOPE, lookup.purl(), lookup.name(), lookup.version(), out, next);
  }

  private static ImageMatch match(
      String digest, long count, List<Map<String, ?>> packages, Principal who) {
    List<ImageMatch.PackageHit> hits = new ArrayList<>();
    for (Map<String, ?> p : packages) {
      // kept on the package by the findings writer (ADR 0019): no second query
      PackageVulnerabilities.Summary open = PackageVulnerabilities.read(p);
      hits.add(
          new ImageMatch.PackageHit(
              str(p, "package.name"),
              str(p, "package.version"),
              str(p, "package.type"),
              str(p, "tallyman.package.purl"),
              str(p, "package.path"),
              open.ids(),
              open.severities(),
              open.fixedVersions()));
    }
    Map<String, ?> first = packages.isEmpty() ? Map.of() : packages.get(0);
    FindingView.Image img =
        FindingView.Image.of(
            digest,
            str(first, "tallyman.image.platform"),
            Locations.stored(first),
            l -> Visibility.sees(who, l));
    return new ImageMatch(
        digest,
        img.registry(),
        img.repository(),
        img.tags(),
        img.platform(),
        count,
        hits,
        count > packages.size(),
        img.locations());
  }

  /** The stored SBOM of a digest as the SBOM writers take it; empty when none is visible. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Optional<Exported> sbom(String digest, Principal who) {
    String d = ImageStateSearch.validDigest(digest);
    Query byDigest =
        Visibility.restrict(SearchRequests.term("container.image.hash.all", d, false), who, false);
    SearchResponse<Map> head =
        Elastic.call(
            () ->
                client.search(
                    s -> s.index(layout.sboms().alias()).query(byDigest).size(1), Map.class));
    if (head.hits().hits().isEmpty() || head.hits().hits().get(0).source() == null) {
      return Optional.empty();
    }
    Map<String, ?> h = head.hits().hits().get(0).source();
    String version = str(h, PackageDocuments.VERSION);
    Query ofVersion =
        Visibility.restrict(
            Query.of(
                q ->
                    q.bool(
                        b ->
                            b.filter(SearchRequests.term("container.image.hash.all", d, false))
                                .filter(
                                    SearchRequests.term(
                                        PackageDocuments.VERSION, version, false)))),
            who,
            false);
    List<Package> packages = new ArrayList<>();
    List<FieldValue> after = null;
    boolean truncated = false;
    while (true) {
      final List<FieldValue> from = after;
      SearchResponse<Map> page =
          Elastic.call(
              () ->
                  client.search(
                      s -> {
                        s.index(layout.packages().alias())
                            .query(ofVersion)
                            .size(1000)
                            .sort(SortOptions.of(o -> o.field(f -> f.field(KEY))));
                        if (from != null) {
                          s.searchAfter(from);
                        }
                        return s;
                      },
                      Map.class));
      var hits = page.hits().hits();
      for (Hit<Map> hit : hits) {
        if (hit.source() != null) {
          packages.add(pkg(hit.source()));
        }
      }
      if (packages.size() >= MAX_EXPORT_PACKAGES) {
        truncated = hits.size() == 1000;
        break;
      }
      if (hits.size() < 1000) {
        break;
      }
      after = hits.get(hits.size() - 1).sort();
    }
    List<Location> visible =
        Locations.stored(h).stream().filter(l -> Visibility.sees(who, l)).toList();
    String source =
        visible.isEmpty()
            ? d
            : visible.get(0).name()
                + (visible.get(0).tag().isEmpty() ? "@" + d : ":" + visible.get(0).tag());
    List<LayerInfo> layers = new ArrayList<>();
    if (FindingDocuments.get(h, "tallyman.layers") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m) {
          Map<String, ?> l = (Map<String, ?>) m;
          Object size = l.get("size");
          layers.add(
              new LayerInfo(
                  str(l, "diff_id"),
                  str(l, "digest"),
                  str(l, "media_type"),
                  size instanceof Number n ? n.longValue() : 0,
                  str(l, "created_by")));
        }
      }
    }
    List<String> notes = Locations.strings(FindingDocuments.get(h, "tallyman.sbom.notes"));
    Sbom sbom =
        new Sbom(
            source,
            d,
            nz(str(h, "tallyman.image.index_digest")),
            nz(str(h, "tallyman.sbom.config_digest")),
            platform(str(h, "tallyman.image.platform")),
            new OsRelease(
                nz(str(h, "tallyman.os.id")),
                nz(str(h, "tallyman.os.version_id")),
                nz(str(h, "tallyman.os.codename")),
                nz(str(h, "tallyman.os.name")),
                nz(str(h, "tallyman.os.id_like"))),
            layers,
            packages,
            notes);
    return Optional.of(new Exported(sbom, truncated));
  }

  /** An SBOM rebuilt from the index, and whether packages were left out. */
  public record Exported(Sbom sbom, boolean truncated) {}

  private static Package pkg(Map<String, ?> src) {
    return new Package(
        nz(str(src, "package.type")),
        nz(str(src, "package.name")),
        nz(str(src, "package.version")),
        nz(str(src, "tallyman.package.purl")),
        nz(str(src, "tallyman.package.source_name")),
        nz(str(src, "tallyman.package.source_version")),
        nz(str(src, "package.architecture")),
        nz(str(src, "package.path")),
        new LayerInfo(
            nz(str(src, "tallyman.layer.diff_id")),
            nz(str(src, "tallyman.layer.digest")),
            "",
            0,
            nz(str(src, "tallyman.layer.created_by"))),
        nz(str(src, "tallyman.package.modularity_label")));
  }

  static Platform platform(String s) {
    if (s == null || s.isEmpty()) {
      return new Platform("", "", "");
    }
    String[] p = s.split("/", 3);
    return new Platform(p[0], p.length > 1 ? p[1] : "", p.length > 2 ? p[2] : "");
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String str(Map<String, ?> src, String path) {
    Object o = FindingDocuments.get(src, path);
    return o == null ? null : o.toString();
  }
}
