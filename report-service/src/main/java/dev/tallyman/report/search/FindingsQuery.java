package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.index.Digests;
import dev.tallyman.report.index.Severities;
import dev.tallyman.report.search.ql.LocationScope;
import dev.tallyman.report.search.ql.QueryParser;
import dev.tallyman.report.search.ql.QuerySyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A validated findings search. Build it with {@link #of}; every filter is optional and they combine
 * with AND (severities with OR among themselves).
 */
public record FindingsQuery(
    String vulnerability,
    String packageName,
    String purl,
    String digest,
    String repository,
    List<Severity> severities,
    int page,
    int size,
    Expression expression,
    boolean includeFixed,
    List<SortOptions> sort,
    String cursor) {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  /** Elasticsearch's default index.max_result_window: from + size may not pass it. */
  public static final int MAX_WINDOW = 10_000;

  static final int MAX_VALUE_CHARS = 512;
  static final int MAX_SEVERITIES = 6;

  public FindingsQuery {
    severities = List.copyOf(severities);
    sort = sort == null ? null : List.copyOf(sort);
  }

  /** Filters only: active findings, default order, page-based. */
  public FindingsQuery(
      String vulnerability,
      String packageName,
      String purl,
      String digest,
      String repository,
      List<Severity> severities,
      int page,
      int size) {
    this(
        vulnerability,
        packageName,
        purl,
        digest,
        repository,
        severities,
        page,
        size,
        null,
        false,
        null,
        null);
  }

  /**
   * Adds the query language expression {@code q} (null = none), a sort spec like {@code
   * severity:desc,first_seen} and a point-in-time cursor ({@code *} starts one).
   */
  public FindingsQuery withLanguage(String q, String sortSpec, String cursorValue) {
    Expression expr = null;
    boolean fixed = false;
    if (q != null && !q.isBlank()) {
      fixed = parse(q, LocationScope.ALL).mentionsStatus(); // a syntax error is a 400 now
      expr = new Expression(q, false);
    }
    String c = cursorValue == null || cursorValue.isBlank() ? null : cursorValue.trim();
    if (c != null && page != 0) {
      throw new InvalidQueryException("page and cursor exclude each other");
    }
    return new FindingsQuery(
        vulnerability,
        packageName,
        purl,
        digest,
        repository,
        severities,
        page,
        size,
        expr,
        fixed,
        FindingSorts.parse(sortSpec),
        c);
  }

  /**
   * With {@code include}: the findings of deleted images too (still not the fixed ones, unless the
   * query language already asked about the status).
   */
  public FindingsQuery includingDeleted(boolean include) {
    if (!include || includeFixed) {
      return this;
    }
    return new FindingsQuery(
        vulnerability,
        packageName,
        purl,
        digest,
        repository,
        severities,
        page,
        size,
        new Expression(expression == null ? null : expression.language(), true),
        true,
        sort,
        cursor);
  }

  private static QueryParser.Parsed parse(String q, LocationScope scope) {
    try {
      return QueryParser.parse(q, scope);
    } catch (QuerySyntaxException e) {
      throw new InvalidQueryException(e.getMessage());
    }
  }

  /**
   * The query-language part, kept as text and parsed per search: its location terms are confined to
   * the caller's {@link LocationScope}.
   *
   * @param language the query language expression, or null
   * @param excludeFixed also leave out fixed findings (when deleted ones are let in)
   */
  public record Expression(String language, boolean excludeFixed) {
    public Query toQuery(LocationScope scope) {
      Query parsed = language == null ? null : parse(language, scope).query();
      if (!excludeFixed) {
        return parsed;
      }
      Query notFixed = Visibility.notFixed();
      return parsed == null
          ? notFixed
          : Query.of(x -> x.bool(b -> b.filter(parsed).filter(notFixed)));
    }
  }

  /** Validates raw request parameters (null = not given). */
  public static FindingsQuery of(
      String vulnerability,
      String packageName,
      String purl,
      String digest,
      String repository,
      List<String> severities,
      Integer page,
      Integer size) {
    String d = text("digest", digest);
    if (d != null && !Digests.isValid(d)) {
      throw new InvalidQueryException(
          "digest must be an OCI digest like sha256:<64 lower-case hex digits>");
    }
    int p = page == null ? 0 : page;
    int s = size == null ? DEFAULT_SIZE : size;
    if (p < 0) {
      throw new InvalidQueryException("page must be >= 0");
    }
    if (s < 1 || s > MAX_SIZE) {
      throw new InvalidQueryException("size must be between 1 and " + MAX_SIZE);
    }
    if ((long) p * s + s > MAX_WINDOW) {
      throw new InvalidQueryException(
          "page * size + size must not exceed " + MAX_WINDOW + "; narrow the filters instead");
    }
    return new FindingsQuery(
        text("vulnerability", vulnerability),
        text("package", packageName),
        text("purl", purl),
        d,
        text("repository", repository),
        severities(severities),
        p,
        s);
  }

  public int from() {
    return page * size;
  }

  private static List<Severity> severities(List<String> raw) {
    if (raw == null) {
      return List.of();
    }
    LinkedHashSet<Severity> out = new LinkedHashSet<>();
    List<String> values = new ArrayList<>();
    // accept both ?severity=high&severity=critical and ?severity=high,critical
    raw.forEach(r -> values.addAll(List.of(r.split(","))));
    if (values.size() > MAX_SEVERITIES * 4) {
      throw new InvalidQueryException("too many severity values");
    }
    for (String v : values) {
      if (v.isBlank()) {
        continue;
      }
      out.add(
          Severities.parse(v)
              .orElseThrow(
                  () ->
                      new InvalidQueryException(
                          "unknown severity '"
                              + clip(v)
                              + "'; use critical, high, medium, low, negligible or unknown")));
    }
    return List.copyOf(out);
  }

  static String text(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.length() > MAX_VALUE_CHARS) {
      throw new InvalidQueryException(name + " is longer than " + MAX_VALUE_CHARS + " characters");
    }
    if (v.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidQueryException(name + " contains control characters");
    }
    return v;
  }

  static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
