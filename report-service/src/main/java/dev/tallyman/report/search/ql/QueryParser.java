package dev.tallyman.report.search.ql;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import dev.tallyman.report.index.Severities;
import dev.tallyman.report.lifecycle.FindingStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small recursive-descent parser for the findings query language, straight into an Elasticsearch
 * bool query. Grammar (keywords in any case):
 *
 * <pre>
 * query   := or EOF
 * or      := and ( "OR" and )*
 * and     := unary ( ["AND"] unary )*          adjacent terms mean AND
 * unary   := ("NOT" | "-") unary | primary
 * primary := "(" or ")" | field ":" value | field ("&gt;" | "&gt;=" | "&lt;" | "&lt;=") value
 * value   := "quoted \"string\"" | bare       bare runs to whitespace or ")"; * and ? are wildcards
 * </pre>
 *
 * Bounded: at most {@link #MAX_CHARS} characters, {@link #MAX_DEPTH} nesting levels and {@link
 * #MAX_TERMS} field terms, so no input can make it recurse or allocate without limit.
 */
public final class QueryParser {
  public static final int MAX_CHARS = 2000;
  public static final int MAX_DEPTH = 32;
  public static final int MAX_TERMS = 64;

  /** The parsed query and whether it says anything about the finding status. */
  public record Parsed(Query query, boolean mentionsStatus) {}

  private final String in;
  private final LocationScope scope;
  private int pos;
  private int depth;
  private int terms;
  private boolean mentionsStatus;

  private QueryParser(String in, LocationScope scope) {
    this.in = in;
    this.scope = scope;
  }

  public static Parsed parse(String q) {
    return parse(q, LocationScope.ALL);
  }

  /** With location terms ({@code registry repository image tag}) confined to {@code scope}. */
  public static Parsed parse(String q, LocationScope scope) {
    if (q == null || q.isBlank()) {
      throw new QuerySyntaxException(0, "empty query");
    }
    if (q.length() > MAX_CHARS) {
      throw new QuerySyntaxException(MAX_CHARS, "query longer than " + MAX_CHARS + " characters");
    }
    QueryParser p = new QueryParser(q, scope);
    Query query = p.or();
    p.skipSpace();
    if (p.pos < p.in.length()) {
      throw p.error(p.peek() == ')' ? "unbalanced ')'" : "expected AND, OR or end of query");
    }
    return new Parsed(query, p.mentionsStatus);
  }

  private Query or() {
    List<Query> any = new ArrayList<>();
    any.add(and());
    while (keyword("OR") || symbol("||")) {
      any.add(and());
    }
    return any.size() == 1
        ? any.get(0)
        : Query.of(q -> q.bool(b -> b.should(any).minimumShouldMatch("1")));
  }

  private Query and() {
    List<Query> all = new ArrayList<>();
    all.add(unary());
    while (true) {
      skipSpace();
      if (atEnd() || peek() == ')' || lookingAtKeyword("OR") || in.startsWith("||", pos)) {
        break;
      }
      if (!keyword("AND")) {
        symbol("&&");
      }
      all.add(unary());
    }
    return all.size() == 1 ? all.get(0) : Query.of(q -> q.bool(b -> b.filter(all)));
  }

  private Query unary() {
    skipSpace();
    if (keyword("NOT") || symbol("-") || symbol("!")) {
      enter();
      Query inner = unary();
      depth--;
      return Query.of(q -> q.bool(b -> b.mustNot(inner)));
    }
    return primary();
  }

  private Query primary() {
    skipSpace();
    if (atEnd()) {
      throw error("expected a term like severity:critical");
    }
    if (peek() == '(') {
      int open = pos;
      pos++;
      enter();
      Query inner = or();
      depth--;
      skipSpace();
      if (atEnd() || peek() != ')') {
        throw new QuerySyntaxException(open, "'(' is never closed");
      }
      pos++;
      return inner;
    }
    if (peek() == ')') {
      throw error("unexpected ')'");
    }
    int start = pos;
    while (!atEnd() && isNameChar(peek())) {
      pos++;
    }
    String name = in.substring(start, pos);
    if (name.isEmpty()) {
      throw error("expected a field name");
    }
    QueryField field =
        QueryField.byName(name)
            .orElseThrow(
                () ->
                    new QuerySyntaxException(
                        start, "unknown field '" + clip(name) + "'; known: " + QueryField.names()));
    if (++terms > MAX_TERMS) {
      throw new QuerySyntaxException(start, "more than " + MAX_TERMS + " terms");
    }
    if (field == QueryField.STATUS) {
      mentionsStatus = true;
    }
    int afterName = pos;
    String op;
    if (symbol(">=") || symbol("<=")) {
      op = in.substring(pos - 2, pos);
    } else if (symbol(">") || symbol("<")) {
      op = in.substring(pos - 1, pos);
    } else if (symbol(":")) {
      op = ":";
    } else {
      throw new QuerySyntaxException(afterName, "expected ':' after field '" + name + "'");
    }
    int valueAt = pos;
    Value v = value();
    return op.equals(":") ? match(field, v, valueAt) : range(field, op, v, valueAt);
  }

  private record Value(String text, boolean quoted) {
    boolean wildcard() {
      return !quoted && (text.indexOf('*') >= 0 || text.indexOf('?') >= 0);
    }
  }

  private Value value() {
    if (atEnd() || Character.isWhitespace(peek())) {
      throw error("expected a value");
    }
    if (peek() == '"') {
      int open = pos;
      pos++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw new QuerySyntaxException(open, "unterminated quoted value");
        }
        char c = in.charAt(pos++);
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          if (atEnd()) {
            throw new QuerySyntaxException(pos, "dangling escape");
          }
          c = in.charAt(pos++);
        }
        sb.append(c);
      }
      return new Value(sb.toString(), true);
    }
    int start = pos;
    while (!atEnd() && !Character.isWhitespace(peek()) && peek() != ')' && peek() != '(') {
      pos++;
    }
    if (pos == start) {
      throw error("expected a value");
    }
    return new Value(in.substring(start, pos), false);
  }

  private Query match(QueryField f, Value v, int at) {
    String text = v.text();
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new QuerySyntaxException(at, "value contains control characters");
    }
    switch (f.kind()) {
      case BOOLEAN -> {
        String b = text.toLowerCase(Locale.ROOT);
        if (!b.equals("true") && !b.equals("false")) {
          throw new QuerySyntaxException(
              at, f.key() + " is true or false, not '" + clip(text) + "'");
        }
        return term(f.fields().get(0), FieldValue.of(Boolean.parseBoolean(b)), false);
      }
      case NUMBER -> {
        double d = number(f, text, at);
        return Query.of(
            q ->
                q.range(
                    r ->
                        r.untyped(
                            u ->
                                u.field(f.fields().get(0))
                                    .gte(JsonData.of(d))
                                    .lte(JsonData.of(d)))));
      }
      case DATE -> {
        String[] day = dayRange(f, text, at);
        return Query.of(
            q ->
                q.range(
                    r ->
                        r.untyped(
                            u ->
                                u.field(f.fields().get(0))
                                    .gte(JsonData.of(day[0]))
                                    .lt(JsonData.of(day[1])))));
      }
      default -> {}
    }
    if (f == QueryField.SEVERITY) {
      if (!v.wildcard() && Severities.parse(text).isEmpty()) {
        throw new QuerySyntaxException(
            at,
            "unknown severity '" + clip(text) + "'; use " + String.join(", ", Severities.NAMES));
      }
      text = text.toLowerCase(Locale.ROOT);
    }
    if (f == QueryField.STATUS) {
      if (!v.wildcard() && FindingStatus.parse(text).isEmpty()) {
        throw new QuerySyntaxException(
            at, "status is open, reopened or fixed, not '" + clip(text) + "'");
      }
      text = text.toLowerCase(Locale.ROOT);
    }
    if (scope.restricted() && isLocation(f)) {
      return located(f, v);
    }
    boolean ci = f.kind() == QueryField.Kind.ID;
    List<Query> any = new ArrayList<>();
    for (String field : f.fields()) {
      if (v.wildcard()) {
        if (text.replace("*", "").replace("?", "").isEmpty()) {
          any.add(Query.of(q -> q.exists(e -> e.field(field))));
        } else {
          String pattern = text;
          any.add(
              Query.of(
                  q ->
                      q.wildcard(
                          w -> w.field(field).value(pattern).caseInsensitive(ci ? true : null))));
        }
      } else {
        any.add(term(field, FieldValue.of(text), ci));
      }
    }
    return any.size() == 1
        ? any.get(0)
        : Query.of(q -> q.bool(b -> b.should(any).minimumShouldMatch("1")));
  }

  private static boolean isLocation(QueryField f) {
    return f == QueryField.REGISTRY
        || f == QueryField.REPOSITORY
        || f == QueryField.IMAGE
        || f == QueryField.TAG;
  }

  /**
   * A location term for a restricted caller: a regular expression over the per-location values
   * (registries hold no '/', no part of a location holds '|'), intersected with the caller's scope.
   */
  private Query located(QueryField f, Value v) {
    boolean w = v.wildcard();
    String t = v.text();
    return switch (f) {
      case REGISTRY ->
          scope.within(LocationScope.NAME_FIELD, LocationScope.glob(t, w, "[^/]*", "[^/]") + "/.*");
      case REPOSITORY ->
          scope.within(LocationScope.NAME_FIELD, "[^/]+/" + LocationScope.glob(t, w, ".*", "."));
      case IMAGE -> scope.within(LocationScope.NAME_FIELD, LocationScope.glob(t, w, ".*", "."));
      default ->
          scope.within(
              LocationScope.LOCATION_FIELD,
              "[^|]*\\|[^|]*\\|" + LocationScope.glob(t, w, "[^|]*", "[^|]"));
    };
  }

  private Query range(QueryField f, String op, Value v, int at) {
    String field = f.fields().get(0);
    JsonData bound;
    switch (f.kind()) {
      case NUMBER -> bound = JsonData.of(number(f, v.text(), at));
      case DATE -> bound = JsonData.of(instant(f, v.text(), at));
      default -> {
        if (f == QueryField.SEVERITY) {
          int rank =
              Severities.rank(
                  Severities.parse(v.text())
                      .orElseThrow(
                          () ->
                              new QuerySyntaxException(
                                  at, "unknown severity '" + clip(v.text()) + "'")));
          return rangeOf("tallyman.vulnerability.severity_rank", op, JsonData.of(rank));
        }
        throw new QuerySyntaxException(at, f.key() + " cannot be compared with " + op);
      }
    }
    return rangeOf(field, op, bound);
  }

  private static Query rangeOf(String field, String op, JsonData bound) {
    return Query.of(
        q ->
            q.range(
                r ->
                    r.untyped(
                        u -> {
                          u.field(field);
                          return switch (op) {
                            case ">" -> u.gt(bound);
                            case ">=" -> u.gte(bound);
                            case "<" -> u.lt(bound);
                            default -> u.lte(bound);
                          };
                        })));
  }

  private static double number(QueryField f, String text, int at) {
    try {
      double d = Double.parseDouble(text);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new QuerySyntaxException(at, f.key() + " needs a number, not '" + clip(text) + "'");
    }
  }

  /** An instant (2024-03-01T00:00:00Z) or a day (2024-03-01, UTC). */
  private static String instant(QueryField f, String text, int at) {
    try {
      return Instant.parse(text).toString();
    } catch (DateTimeParseException e) {
      return dayRange(f, text, at)[0];
    }
  }

  private static String[] dayRange(QueryField f, String text, int at) {
    try {
      LocalDate d = LocalDate.parse(text);
      return new String[] {
        d.atStartOfDay().toInstant(ZoneOffset.UTC).toString(),
        d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString()
      };
    } catch (DateTimeParseException e) {
      throw new QuerySyntaxException(
          at,
          f.key()
              + " needs a date like 2024-03-01 or 2024-03-01T12:00:00Z, not '"
              + clip(text)
              + "'");
    }
  }

  private static Query term(String field, FieldValue v, boolean caseInsensitive) {
    return Query.of(
        q -> q.term(t -> t.field(field).value(v).caseInsensitive(caseInsensitive ? true : null)));
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private boolean keyword(String k) {
    skipSpace();
    if (lookingAtKeyword(k)) {
      pos += k.length();
      return true;
    }
    return false;
  }

  /** A keyword is a whole word followed by whitespace, '(' or the end (not "ORACLE:..."). */
  private boolean lookingAtKeyword(String k) {
    if (!in.regionMatches(true, pos, k, 0, k.length())) {
      return false;
    }
    int after = pos + k.length();
    return after == in.length()
        || Character.isWhitespace(in.charAt(after))
        || in.charAt(after) == '(';
  }

  private boolean symbol(String s) {
    skipSpace();
    if (in.startsWith(s, pos)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.';
  }

  private void skipSpace() {
    while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= in.length();
  }

  private char peek() {
    return in.charAt(pos);
  }

  private QuerySyntaxException error(String reason) {
    return new QuerySyntaxException(pos, reason);
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
