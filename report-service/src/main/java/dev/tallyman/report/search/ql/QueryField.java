package dev.tallyman.report.search.ql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The fields the query language knows, and the indexed field(s) each one searches. */
public enum QueryField {
  SEVERITY(Kind.KEYWORD, "vulnerability.severity"),
  VULNERABILITY(Kind.ID, "vulnerability.id", "tallyman.vulnerability.aliases"),
  PACKAGE(Kind.KEYWORD, "package.name"),
  VERSION(Kind.KEYWORD, "package.version"),
  PURL(Kind.KEYWORD, "tallyman.package.purl"),
  TYPE(Kind.KEYWORD, "package.type"),
  PATH(Kind.KEYWORD, "package.path"),
  REGISTRY(Kind.KEYWORD, "tallyman.image.registry"),
  REPOSITORY(Kind.KEYWORD, "tallyman.image.repository"),
  IMAGE(Kind.KEYWORD, "container.image.name"),
  TAG(Kind.KEYWORD, "container.image.tag"),
  DIGEST(Kind.KEYWORD, "container.image.hash.all"),
  PLATFORM(Kind.KEYWORD, "tallyman.image.platform"),
  OS(Kind.KEYWORD, "tallyman.os.id"),
  LAYER(Kind.KEYWORD, "tallyman.layer.digest"),
  SOURCE(Kind.KEYWORD, "tallyman.vulnerability.source"),
  STATUS(Kind.KEYWORD, "tallyman.finding.status"),
  FIXABLE(Kind.BOOLEAN, "tallyman.vulnerability.fixable"),
  KEV(Kind.BOOLEAN, "tallyman.vulnerability.kev"),
  CVSS(Kind.NUMBER, "vulnerability.score.base"),
  EPSS(Kind.NUMBER, "tallyman.vulnerability.epss"),
  EPSS_PERCENTILE(Kind.NUMBER, "tallyman.vulnerability.epss_percentile"),
  CWE(Kind.KEYWORD, "tallyman.vulnerability.cwes"),
  FIRST_SEEN(Kind.DATE, "tallyman.finding.first_seen"),
  LAST_SEEN(Kind.DATE, "tallyman.finding.last_seen"),
  FIXED_AT(Kind.DATE, "tallyman.finding.fixed_at");

  /** How values are matched. */
  public enum Kind {
    KEYWORD,
    /** Keyword matched case-insensitively, on the id and the aliases. */
    ID,
    BOOLEAN,
    NUMBER,
    DATE
  }

  private static final Map<String, QueryField> BY_NAME =
      Stream.concat(
              Stream.of(values()).map(f -> Map.entry(f.key(), f)),
              Stream.of(
                  Map.entry("cve", VULNERABILITY),
                  Map.entry("id", VULNERABILITY),
                  Map.entry("ecosystem", TYPE),
                  Map.entry("repo", REPOSITORY)))
          .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  private final Kind kind;
  private final List<String> fields;

  QueryField(Kind kind, String... fields) {
    this.kind = kind;
    this.fields = List.of(fields);
  }

  public Kind kind() {
    return kind;
  }

  public List<String> fields() {
    return fields;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<QueryField> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
  }

  public static String names() {
    return Stream.of(values()).map(QueryField::key).sorted().collect(Collectors.joining(", "));
  }
}
