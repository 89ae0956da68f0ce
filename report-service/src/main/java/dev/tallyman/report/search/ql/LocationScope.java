package dev.tallyman.report.search.ql;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;

/**
 * The image locations a caller may see, as Lucene regular expressions over the two per-location
 * fields: {@code container.image.name} ({@code registry/repository}) and {@code
 * tallyman.image.locations} ({@code registry|repository|tag}). A document carries every location of
 * its digest, so a term on a location field is matched against the caller's visible values only:
 * one regular expression intersecting the term with the scope, evaluated value by value. Without
 * it, a tenant could ask {@code repository:other-tenant/*} and learn that a digest it sees also
 * lives in another tenant's repository.
 *
 * @param names visible {@code container.image.name} values, or null for all
 * @param locations visible {@code tallyman.image.locations} values, or null for all
 */
public record LocationScope(String names, String locations) {
  public static final LocationScope ALL = new LocationScope(null, null);

  public static final String NAME_FIELD = "container.image.name";
  public static final String LOCATION_FIELD = "tallyman.image.locations";

  /** Elasticsearch's default index.max_regex_length. */
  public static final int MAX_PATTERN = 1000;

  public LocationScope {
    if ((names == null) != (locations == null)) {
      throw new IllegalArgumentException("both patterns or neither");
    }
  }

  public boolean restricted() {
    return names != null;
  }

  /** Values of {@code field} matching {@code pattern} that the caller may also see. */
  public Query within(String field, String pattern) {
    String visible = LOCATION_FIELD.equals(field) ? locations : names;
    String both = visible == null ? pattern : "(" + pattern + ")&(" + visible + ")";
    if (both.length() > MAX_PATTERN) {
      throw new QuerySyntaxException(
          0,
          "a location pattern is too long once confined to the caller's grants ("
              + both.length()
              + " > "
              + MAX_PATTERN
              + " characters); shorten the value");
    }
    return Query.of(q -> q.regexp(r -> r.field(field).value(both).flags("ALL")));
  }

  /** Escapes everything but letters and digits for Lucene's regular expressions. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .forEach(
            c -> {
              if (!Character.isLetterOrDigit(c)) {
                b.append('\\');
              }
              b.appendCodePoint(c);
            });
    return b.toString();
  }

  /** A query-language value as a regular expression: {@code *} and {@code ?} become {@code any}. */
  static String glob(String value, boolean wildcards, String any, String one) {
    if (!wildcards) {
      return escape(value);
    }
    StringBuilder b = new StringBuilder();
    value
        .codePoints()
        .forEach(
            c -> {
              if (c == '*') {
                b.append(any);
              } else if (c == '?') {
                b.append(one);
              } else {
                b.append(escape(Character.toString(c)));
              }
            });
    return b.toString();
  }
}
